"""Follow-ups and compound questions: the standalone question a follow-up becomes, what a
compound question's parts ask, and how the answerer answers them."""

from __future__ import annotations

import pytest
from langchain_core.documents import Document

from assistant.answer import ShortAnswer
from assistant.compound import split_compound
from assistant.condense import condense
from assistant.extractive import ExtractiveAnswerer
from tests.conftest import FakeEmbeddings

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        (
            "Who did the article say was negotiating with no cards, and who said it?",
            ["Who did the article say was negotiating with no cards?", "who said it?"],
        ),
        (
            "When was the deal proposed and how much is it worth?",
            ["When was the deal proposed?", "how much is it worth?"],
        ),
        ("Who met Trump and when?", ["Who met Trump and when?"]),
        ("What happened at the meeting?", ["What happened at the meeting?"]),
        (  # typed as into a search box: no mark between the two questions
            "where is catalonia what is the most important city in catalonia",
            ["where is catalonia?", "what is the most important city in catalonia"],
        ),
        (  # a relative clause is not a second question
            "what is the name of the actor who is playing batman",
            ["what is the name of the actor who is playing batman"],
        ),
        (  # what comes before the comma asks nothing: one question
            "In the article on the lead study, which city is named?",
            ["In the article on the lead study, which city is named?"],
        ),
    ],
)
def test_split_compound(question: str, parts: list[str]) -> None:
    assert split_compound(question) == parts


def test_a_pronoun_resolves_to_the_short_answer_of_a_who_question() -> None:
    history = [
        {"role": "user", "content": "Who called the minerals deal predatory?"},
        {
            "role": "assistant",
            "content": "John Hardie. [1] “We get our money back,” Trump said. [2]",
        },
    ]
    assert condense("What did he say the US gets?", history) == (
        "What did John Hardie say the US gets?"
    )
    # a later question keeps the conversation's person, not whoever the last answer quoted
    history += [
        {"role": "user", "content": "What did he say the US gets?"},
        {"role": "assistant", "content": "“Our money back,” Trump said. [1]"},
    ]
    assert condense("Which organization does he work for?", history) == (
        "Which organization does John Hardie work for?"
    )


def test_they_of_a_compound_question_are_the_group_its_first_part_asks_about() -> None:
    from assistant.compound import resolve_pronouns

    first = "who were the chartists?"
    assert resolve_pronouns("what did they do", None, [], first) == "what did the chartists do"
    assert resolve_pronouns("what was their aim", None, [], first) == "what was the chartists’ aim"
    # not a group asked what it is: "they" stays
    asked = "who established the colony of pennsylvania?"
    assert resolve_pronouns("how were they different", None, [], asked) == "how were they different"


def test_he_stays_the_person_a_question_with_he_and_an_event_followed() -> None:
    history = [
        {"role": "user", "content": "Who is Tiger Woods?"},
        {"role": "assistant", "content": "Woods hasn't won a tournament since 2013. [1]"},
        {"role": "user", "content": "Why did he withdraw from the Dubai Desert Classic?"},
        {
            "role": "assistant",
            "content": "The former world No. 1 withdrew because of back spasms. [1]",
        },
    ]
    assert condense("How many majors has he won?", history) == (
        "How many majors has Tiger Woods won?"
    )


def test_he_is_the_role_the_last_question_asked_about_by_its_title_name() -> None:
    history = [
        {"role": "user", "content": "Who did Somalia's new president appoint as prime minister?"},
        {
            "role": "assistant",
            "content": "Hassan Ali Khaire. [1] Somalia's new President Mohamed Abdullahi Mohamed "
            "has picked Hassan Ali Khaire as prime minister. [1]",
        },
        {"role": "user", "content": "When was the president elected?"},
        {"role": "assistant", "content": "earlier this month. [1]"},
    ]
    assert condense("Who did he defeat?", history) == "Who did Mohamed Abdullahi Mohamed defeat?"
    # no name with that title in the conversation: the role, with the topic carried along
    untitled = [history[0], {"role": "assistant", "content": "Hassan Ali Khaire. [1]"}]
    untitled += history[2:]
    assert condense("Who did he defeat?", untitled) == (
        "Who did the president defeat? (following up on: Who did Somalia's new president "
        "appoint as prime minister?)"
    )


def test_he_is_the_one_an_earlier_question_asked_about_not_whom_he_spoke_of() -> None:
    history = [
        {"role": "user", "content": "Who is Charles Kupchan?"},
        {"role": "assistant", "content": "a senior fellow at the Council. [1]"},
        {"role": "user", "content": "What did he say Trump wants?"},
        {"role": "assistant", "content": "“This is just good old acquisitive behavior.” [1]"},
    ]
    assert condense("Where does he work?", history) == "Where does Charles Kupchan work?"


def test_she_is_the_one_whose_possessive_the_last_question_used() -> None:
    history = [
        {"role": "user", "content": "Where did Theresa May give her speech?"},
        {"role": "assistant", "content": "Scotland. [1] This was Mrs May's first speech. [1]"},
    ]
    # "her speech" is Theresa May's (a month word in a person's name is no date); never
    # "Mrs May's" as a subject
    assert condense("Who did she attack?", history).startswith("Who did Theresa May attack?")
    unnamed = [
        {"role": "user", "content": "Where was the speech given?"},
        {"role": "assistant", "content": "Scotland. [1] This was Mrs May's first speech. [1]"},
    ]
    assert condense("Who did she attack?", unnamed).startswith("Who did Mrs May attack?")


def test_and_someone_else_asks_the_last_full_question_about_them() -> None:
    history = [
        {"role": "user", "content": "Where was Zelenskyy on Feb. 15?"},
        {"role": "assistant", "content": "Munich. [1]"},
    ]
    assert condense("And Putin?", history) == "Where was Putin on Feb. 15?"
    later = [*history, {"role": "user", "content": "And Putin?"},
             {"role": "assistant", "content": "St. Petersburg. [1]"}]  # fmt: skip
    assert condense("What about Trump?", later) == "Where was Trump on Feb. 15?"
    # Two people in the last question: which one "And Putin?" replaces is unclear.
    both = [{"role": "user", "content": "When did Trump meet Zelenskyy?"}, history[1]]
    assert condense("And Putin?", both).startswith("And Putin? (following up on:")
    # the last question named its person by a pronoun: the name it stood for is swapped
    jensen = [
        {"role": "user", "content": "Who is Benjamin Jensen?"},
        {"role": "assistant", "content": "a senior fellow at CSIS. [1]"},
        {"role": "user", "content": "Where does he work?"},
        {"role": "assistant", "content": "the Center for Strategic and International Studies. [1]"},
    ]
    assert condense("And Hardie?", jensen) == "Where does Hardie work?"


def test_who_took_the_photo_asks_about_the_caption_the_last_answer_gave() -> None:
    caption = (
        "In this file photo on Sept. 27, 2024 Donald Trump and Volodymyr Zelenskyy meet at "
        "Trump Tower in New York City."
    )
    history = [
        {"role": "user", "content": "When did they meet at Trump Tower?"},
        {"role": "assistant", "content": f"Sept. 27, 2024. [1] {caption} [1]"},
    ]
    assert condense("Who took the photo?", history) == (
        f"Who took the photo of {caption.rstrip('.')}?"
    )
    # A photo the question describes needs nothing from the conversation.
    asked = "Who took the photo of Zelenskyy in Kyiv?"
    assert condense(asked, history) == asked


def test_a_follow_up_carries_the_last_question_as_it_stood_alone() -> None:
    history = [
        {"role": "user", "content": "Which senator did Crebo-Rediker quote?"},
        {"role": "assistant", "content": "Lindsey Graham. [1] She quoted Sen. Lindsey Graham."},
        {"role": "user", "content": "What did he say?"},
        {"role": "assistant", "content": "“If we help Ukraine now, ...” [1]"},
    ]
    assert condense("When?", history) == ("When? (following up on: What did Lindsey Graham say?)")


def test_a_follow_up_of_an_unresolved_follow_up_carries_the_topic_it_carried() -> None:
    history = [
        {"role": "user", "content": "Who found the huge diamond in Sierra Leone?"},
        {"role": "assistant", "content": "Emmanuel Momoh. [1]"},
        {"role": "user", "content": "How much is it worth?"},
        {"role": "assistant", "content": "The articles don't say."},
    ]
    assert condense("Where was it found?", history) == (
        "Where was it found? (following up on: Who found the huge diamond in Sierra Leone?)"
    )


def test_a_question_that_names_what_it_asks_about_stands_alone() -> None:
    history = [
        {"role": "user", "content": "Who is Hardie?"},
        {"role": "assistant", "content": "But Hardie argued that it is unwise. [1]"},
    ]
    assert condense("Who is Kupchan?", history) == "Who is Kupchan?"
    assert condense("Why?", history).startswith("Why? (following up on: Who is Hardie?")


def test_a_place_answer_is_not_taken_for_a_person() -> None:
    history = [
        {"role": "user", "content": "Where was Zelenskyy on Feb. 15, 2025?"},
        {"role": "assistant", "content": "Munich. [1] Zelenskyy in Munich, Feb. 15, 2025. [1]"},
    ]
    assert condense("What did he say there?", history).startswith("What did Zelenskyy say")


def test_a_later_part_of_a_compound_question_borrows_the_first_answer() -> None:
    from assistant.compound import resolve_pronouns

    short = ShortAnswer("James Marks", 0, 11, 1)
    assert resolve_pronouns("which network is he an analyst for?", short) == (
        "which network is James Marks an analyst for?"
    )
    assert resolve_pronouns("who said it?", short) == "who said it?"
    assert resolve_pronouns("which network is he with?", None) == "which network is he with?"
    # "Who is Hardie, and where does he work?": he is Hardie, by the name the passages give
    # him, not the description that answers the first part
    described = ShortAnswer("the deputy director of the Foundation", 0, 38, 1)
    docs = [Document(page_content="“It is wrong,” said John Hardie, the deputy director.")]
    assert resolve_pronouns("where does he work?", described, docs, "Who is Hardie?") == (
        "where does John Hardie work?"
    )


def test_she_is_the_person_asked_about_when_the_answer_is_a_he() -> None:
    from assistant.compound import resolve_pronouns
    from tests.unit.test_extractive import one_passage

    docs = [
        one_passage(
            "Tad Cummins, 50, is accused of kidnapping teenager Elizabeth Thomas. Cummins was "
            "a teacher until he was fired. Thomas told her mother she was fine."
        )
    ]
    short = ShortAnswer("Tad Cummins", 0, 11, 1)
    asked = "Who kidnapped Elizabeth Thomas"
    assert resolve_pronouns("how old is she?", short, docs, asked) == (
        "how old is Elizabeth Thomas?"
    )
    assert resolve_pronouns("how old is he?", short, docs, asked) == "how old is Tad Cummins?"
    # Nothing tells his gender: the first answer, as before.
    plain = [one_passage("Tad Cummins is accused of kidnapping Elizabeth Thomas.")]
    assert resolve_pronouns("how old is she?", short, plain, asked) == "how old is Tad Cummins?"


def test_a_surname_is_resolved_to_the_name_the_passages_give_in_full() -> None:
    from assistant.compound import fullest_name, resolve_pronouns
    from tests.unit.test_extractive import one_passage

    docs = [one_passage("But Hardie argued. Later, said John Hardie, the deputy director.")]
    assert fullest_name("Hardie", docs) == "John Hardie"
    assert fullest_name("Trump", [one_passage("He met President Donald Trump.")]) == "Donald Trump"
    assert fullest_name("Trump", [one_passage("The Trump plan.")]) == "Trump"
    assert fullest_name("Jim Watson", docs) == "Jim Watson"
    short = ShortAnswer("Hardie", 4, 10, 1)
    assert resolve_pronouns("where does he work?", short, docs) == "where does John Hardie work?"


def test_a_short_question_of_the_something_that_names_nothing_follows_up() -> None:
    history = [
        {"role": "user", "content": "Who wrote the novel Me and Earl and the Dying Girl?"},
        {"role": "assistant", "content": "Jesse Andrews. [1]"},
    ]
    assert condense("Who directed the film?", history) == (
        "Who directed the film? (following up on: Who wrote the novel Me and Earl and the "
        "Dying Girl?)"
    )
    # A question that names what it asks about stands alone, "the" or not.
    assert condense("Who directed the film Titanic?", history) == "Who directed the film Titanic?"


def test_an_elliptical_follow_up_is_answered_from_what_it_brings() -> None:
    from assistant.language import new_terms
    from tests.unit.test_extractive import one_passage

    text = (
        "Fewer than 30 earthworms are found per square meter on intensively farmed fields. "
        "But on organic farms, where the fields are rarely ploughed, up to 450 worms live in "
        "the same area."
    )
    asked = (
        "And on organic farms? (following up on: How many earthworms live on a square metre "
        "of intensively farmed land?)"
    )
    assert new_terms(asked) == ["organic"]  # "farms" is in "farmed"
    assert new_terms("How many earthworms live here?") == []
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    short = answerer.answer(asked, [one_passage(text)]).short_answer
    assert short is not None and short.text == "450"


def test_a_compound_follow_ups_later_he_is_the_first_parts_answer() -> None:
    history = [
        {"role": "user", "content": "What did Trump say about Zelenskyy?"},
        {"role": "assistant", "content": "“I’ve had it.” [1] Trump said so. [1]"},
    ]
    asked = condense("Who called the deal predatory, and where does he work?", history)
    assert "Trump" not in asked.split(" (following up on")[0]  # "he": the first part's answer
    parts = split_compound(asked)
    assert [p.split(" (following up on")[0] for p in parts] == [
        "Who called the deal predatory?",
        "where does he work?",
    ]
    assert condense("Where does he work, and who said it?", history).startswith(
        "Where does Trump work, and who said it?"
    )


def test_a_follow_up_is_not_held_to_what_the_carried_question_asked() -> None:
    from assistant.language import asked_part
    from tests.unit.test_extractive import one_passage

    asked = "Where was it filmed? (following up on: Who directed the 1977 film Smokey Bandit?)"
    assert asked_part(asked) == "Where was it filmed? Smokey Bandit"
    assert asked_part("Where was it filmed?") == "Where was it filmed?"
    text = "Smokey Bandit was primarily filmed in Georgia, in the city of McDonough."
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    features = answerer.analyse(asked, [one_passage(text)]).features
    # "1977" and "directed" are what the last question asked: no passage need hold them
    assert features["missing"] == 0.0 and features["unmatched"] == 0.0, features


def test_he_is_not_the_one_the_asker_called_she() -> None:
    history = [
        {"role": "user", "content": "Who is Tad Cummins?"},
        {"role": "assistant", "content": "a teacher at Elizabeth's school. [1]"},
        {"role": "user", "content": "Who did he kidnap?"},
        {"role": "assistant", "content": "Elizabeth Thomas. [1] Tad Cummins is accused. [1]"},
        {"role": "user", "content": "How old is she?"},
        {"role": "assistant", "content": "The articles don't say."},
    ]
    assert condense("What car was he driving?", history) == "What car was Tad Cummins driving?"
    assert condense("Where was she last seen?", history) == "Where was Elizabeth Thomas last seen?"
    # "he" of the last question was Tad Cummins: the next "he" still is, not the one who answered
    assert condense("How old is he?", history[:4]) == "How old is Tad Cummins?"
    # a "she" nobody used yet is the last person
    assert condense("How old is she?", history[:4]) == "How old is Elizabeth Thomas?"


def test_a_lead_with_an_initial_is_the_whole_name() -> None:
    history = [
        {"role": "user", "content": "Who nominated Neil Gorsuch in 2006?"},
        {"role": "assistant", "content": "George W. Bush. [1] He was nominated by ... [1]"},
    ]
    # "it", still unresolved, carries the last question along
    assert condense("Why did he do it?", history) == (
        "Why did George W. Bush do it? (following up on: Who nominated Neil Gorsuch in 2006?)"
    )


def test_that_company_is_the_one_an_earlier_answer_named() -> None:
    history = [
        {"role": "user", "content": "Which company did Uber partner with?"},
        {"role": "assistant", "content": "Daimler. [1] Daimler planned to ... [1]"},
        {"role": "user", "content": "When was it announced?"},
        {"role": "assistant", "content": "Tuesday. [1]"},
    ]
    assert condense("Who runs that company?", history) == "Who runs Daimler?"
    # no company answered yet: the question carries the last one, as before
    assert condense("Who runs that company?", history[2:]).startswith("Who runs that company? (")


def test_he_after_a_possessive_name_is_the_name() -> None:
    history = [
        {"role": "user", "content": "What did Trump call Bessent’s trip?"},
        {"role": "assistant", "content": "“wasted trip.” [1]"},
    ]
    assert condense("Who did he meet on that trip?", history) == (
        "Who did Bessent meet on that trip?"
    )


def test_who_did_it_to_her_is_whom_the_last_who_question_asked_about() -> None:
    history = [
        {"role": "user", "content": "who played the wife in the addams family"},
        {"role": "assistant", "content": "Anjelica Huston. [1] Morticia was portrayed by ... [1]"},
    ]
    # "her" is the wife played, not the actress who played her
    assert condense("Who played her in the 1991 film?", history).startswith(
        "Who played the wife in the 1991 film?"
    )
    history = [
        {"role": "user", "content": "Who nominated Neil Gorsuch?"},
        {"role": "assistant", "content": "Donald Trump. [1]"},
    ]
    assert condense("Who confirmed him?", history) == "Who confirmed Neil Gorsuch?"
    # asked about no one: the answer, as before
    history = [
        {"role": "user", "content": "Who called the minerals deal predatory?"},
        {"role": "assistant", "content": "John Hardie. [1]"},
    ]
    assert condense("Who hired him?", history) == "Who hired John Hardie?"
    assert condense("Where does he work?", history) == "Where does John Hardie work?"


def test_what_did_he_say_after_who_said_it_is_about_the_speaker() -> None:
    history = [
        {
            "role": "user",
            "content": "Who did the article say was negotiating with no cards, and who said it?",
        },
        {"role": "assistant", "content": "Volodymyr Zelenskyy. [1] Trump said it. [2] “...” [2]"},
    ]
    # "he" of a speech verb is the one who said it, not the one it was said of
    assert (
        condense("What did he say the US gets from the deal?", history)
        == "What did Trump say the US gets from the deal?"
    )
    # any other "he" is still the first part's answer
    assert condense("How old is he?", history) == "How old is Volodymyr Zelenskyy?"


def test_a_pronoun_left_after_the_person_is_resolved_carries_the_last_question() -> None:
    history = [
        {"role": "user", "content": "Who told reporters the deal was pretty close?"},
        {"role": "assistant", "content": "Donald Trump. [1] “I think we’re pretty close ...” [1]"},
    ]
    assert condense("Where did he say it?", history) == (
        "Where did Donald Trump say it? "
        "(following up on: Who told reporters the deal was pretty close?)"
    )
    assert condense("Where does he live?", history) == "Where does Donald Trump live?"


def test_a_pronoun_keeps_to_whom_the_last_question_called_so() -> None:
    history = [
        {"role": "user", "content": "Who is Gorsuch?"},
        {"role": "assistant", "content": "a judge on the 10th Circuit Court of Appeals. [1]"},
        {"role": "user", "content": "Who nominated him?"},
        {"role": "assistant", "content": "George W. Bush. [1] He was nominated by ... [1]"},
    ]
    assert condense("Who did he replace?", history) == "Who did Gorsuch replace?"
    # the last question named him: the answer is whom "he" stands for, as before
    history[2]["content"] = "Who nominated Gorsuch?"
    assert condense("Who did he replace?", history) == "Who did George W. Bush replace?"


def test_a_question_about_the_something_that_names_nothing_carries_the_topic() -> None:
    history = [
        {"role": "user", "content": "Who beat Latvia in the Fed Cup?"},
        {"role": "assistant", "content": "Heather Watson. [1]"},
    ]
    assert condense("Who won the first singles match?", history) == (
        "Who won the first singles match? (following up on: Who beat Latvia in the Fed Cup?)"
    )
    # a question that names what it asks about stands alone
    assert condense("Who won the first match in Tallinn?", history) == (
        "Who won the first match in Tallinn?"
    )


def test_he_and_him_of_one_question_are_two_people() -> None:
    history = [
        {"role": "user", "content": "Who did the king replace as prime minister?"},
        {"role": "assistant", "content": "Abdelilah Benkirane. [1]"},
    ]
    assert condense("Why did he oust him?", history) == "Why did the king oust Abdelilah Benkirane?"
    named = [{"role": "user", "content": "Who did Trump nominate?"}, history[1]]
    assert condense("When did he nominate him?", named) == (
        "When did Trump nominate Abdelilah Benkirane?"
    )


def test_a_follow_up_is_not_missing_the_names_of_the_question_it_carries() -> None:
    from tests.unit.test_extractive import one_passage

    text = "In Flint, Michigan, children were poisoned by lead-tainted water starting in 2014."
    question = (
        "In what year did that poisoning begin? (following up on: In the HuffPost article on "
        "the Dunedin study, which Michigan city was poisoned by lead-tainted water?)"
    )
    answerer = ExtractiveAnswerer(FakeEmbeddings())
    assert answerer.analyse(question, [one_passage(text)]).features["missing"] == 0.0
    alone = "In what year did the HuffPost report on the Dunedin poisoning begin?"
    assert answerer.analyse(alone, [one_passage(text)]).features["missing"] == 1.0
