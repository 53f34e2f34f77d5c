from __future__ import annotations

import pytest

from assistant.condense import condense
from assistant.language import (
    already_named,
    answer_type,
    asked_name,
    has_type,
    names,
    persons,
    place_fits,
)
from assistant.numbers import age_spans, counted_units, number_fits
from assistant.photocredit import asks_photo_credit

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Who called the minerals deal predatory?", "person"),
        ("Which Council on Foreign Relations senior fellow described it?", "person"),
        ("Which organization does John Hardie work for?", "organization"),
        ("When did Trump meet Zelenskyy at Trump Tower?", "date"),
        ("How many troops are in Ukraine?", "number"),
        ("What percentage of revenue goes to the U.S.?", "number"),
        ("Where was Zelenskyy on Feb. 15, 2025?", "place"),
        ("What did Hardie say about the deal?", "quote"),
        ("Who rode with her when she won gold in London?", "person"),  # not a date
        ("Where are the doctors who got the licence?", "place"),  # the "who" is a relative
        ("what is the most important city in catalonia", "place"),
        ("what is the state of the economy", ""),
        ("Which Uber executive said the tool was dropped?", "person"),
        ("What was the name of the man who was electrocuted?", "person"),
        ("What is the name of the book Gorsuch wrote?", ""),  # a title, not a person
        ("From when? (following up on: How much will Asda pay per hour?)", "date"),
        # a person noun after its modifiers; not a person's possession
        ("What is the name of the Ukrainian official?", "person"),
        ("What is the name of the Turkmen president's favourite horse?", ""),
        # a kin of someone named, by the possessive
        ("What are the names of Elizabeth Thomas's parents?", "person"),
        ("What is the name of Derek's mother?", "person"),
        ("What is the name of the company that makes it?", "organization"),
        ("What does it mean when a whale's fin is bent?", ""),  # "when" joins a clause
        ("Which orchestra performed the original Star Wars soundtrack?", ""),  # not a "star"
        ("Which cartoonist created the character?", "person"),
        ("What general design did Babbage realize was possible?", ""),  # a design, no general
        ("Which senator did she quote?", "person"),
        ("Which legal expert expected the questioning to be tough?", "person"),
        ("How warm does it get in the Arctic Circle?", "number"),
        ("Which union backed the new contracts?", "organization"),
        ("Which chip maker is BMW working with?", "organization"),
        ("Which music school did Williams study at?", "organization"),
        ("Which coroner is writing the report?", "person"),
        ("Which of the accused was arrested in Ontario?", "person"),
        ("Which body of water borders the city?", ""),  # "body" is no organisation
        ("what is the average percentage of wins in solitaire", "number"),
        ("what is the gambling age in new jersey", "number"),
        ("What is the presidential palace in Ashgabat reportedly worth?", "number"),
        ("What is Johanna Konta's world ranking?", "number"),
        ("What is worth doing here?", ""),
        ("Where is Charles Kupchan a senior fellow?", "organization"),
        ("Where did Neil Gorsuch go to college as an undergraduate?", "organization"),
        ("Where did he attend school?", "organization"),
        ("Where does Crebo-Rediker work?", "organization"),  # a hyphenated name
        ("Where did she go on holiday?", "place"),
        ("What car might the suspect be driving?", ""),  # a car, not the suspect
        ("How long had Morocco been without a government?", "date"),  # a duration
        ("How long is the bridge?", "number"),  # a length, not a time
        ("How long is a Turkmen presidential term after the reform?", "date"),  # a time
        ("How long is Gurbanguly Berdymukhamedov’s new term?", "date"),  # a follow-up's "his"
        ("How long is the Peachtree Road Race course?", "number"),
        ("How long is the speech?", ""),  # nothing a length is given of
        ("What voltage do laptops run on?", "number"),
        ("What is the upper end of the estimate, in dollars?", "number"),
        ("when do you use a memo vs letter", ""),  # in what case, not a date
        ("When can you say that a set is well defined?", ""),
        ("When do they stop selling beer in Arkansas?", "date"),
        # what a group is, not a person's name; but people called by a role or a kin
        ("who were the chartists", ""),
        ("who are the groundlings who attended the globe", ""),
        ("Who are the Rohingya?", ""),
        ("who were the bronte sisters", "person"),
        ("who were the candidates", "person"),
        ("Who are the two men?", "person"),
        ("who are they", "person"),
        ("who are the owners of the racehorse justify", "person"),
        # "what exact date" asks for a date; a guest is a person
        ("On what exact date did parliament vote to impeach President Park?", "date"),
        ("On which date did the stadium open?", "date"),
        ("Which invited guest at the address lost a son?", "person"),
        ("In which years did Otto Schily serve as interior minister?", "date"),
        # "from when" asks when only at the start or the end
        ("where does the air come from when you burp", "place"),
        ("Since when has he been in power?", "date"),
        ("He served until when?", "date"),
        # places in the plural: "Which regions of Ukraine hold the deposits?"
        ("Which regions of Ukraine hold the deposits?", "place"),
        ("Which countries signed the deal?", "place"),
        ("What counts as a vote?", ""),
    ],
)
def test_answer_type(question, kind) -> None:
    assert answer_type(question) == kind


def test_names_span_connectors_and_skip_sentence_starts() -> None:
    text = "But Heidi Crebo-Rediker, of the Center for Geoeconomic Studies, spoke."
    assert names(text) == ["Heidi Crebo-Rediker", "Center for Geoeconomic Studies"]


def test_has_type_needs_an_answer_the_question_does_not_already_give() -> None:
    q = "Who met Zelenskyy in Munich?"
    assert not has_type("Zelenskyy arrived in Munich.", "person", q)
    assert has_type("Vice-President JD Vance met Zelenskyy in Munich.", "person", q)
    assert not has_type("The meeting was on Feb. 14, 2025.", "number", "How old is Zelenskyy?")
    assert has_type("He spent three days in Kyiv.", "number", "How many days did he spend in Kyiv?")
    assert not has_type("He spent time in Kyiv in 2024.", "number", "How many days did he spend?")


@pytest.mark.parametrize(
    ("question", "text", "fits"),
    [
        (
            "How many stores does Asda run?",
            "Asda's 135,000 staff can work around the store.",
            False,
        ),
        ("How many tips had they received?", "They had received 175 tips by Friday.", True),
        ("How many Grammy awards does he hold?", "He likewise holds 22 Grammys.", True),
        ("How many types of lemurs are there?", "101 species and subspecies of lemur.", True),
        ("How many delegates attended?", "The four nations were represented.", False),
        ("How many Russian troops are there?", "On Feb. 19, 2025, amid the Russian attack", False),
        ("How many Russian troops are there?", "About 50,000 Russian troops are there.", True),
        (
            "How many self-driving cars will Daimler supply?",
            "(22.12.2016) German premium carmaker Daimler will supply self-driving cars.",
            False,  # a date stamp is no count, and a carmaker no car
        ),
        ("How many cars will Daimler supply?", "Daimler will supply 40 self-driving cars.", True),
        ("How warm does it get there?", "No sunset from 19 April to 23 August.", False),
        ("How warm does it get there?", "It can reach 30 °C (86 °F) in summer.", True),
        ("How tall is the tower?", "The tower, built in 1889, is 324 metres tall.", True),
        ("How far is Mars?", "Mars was seen on 12 May.", False),
        ("How much did the diamond weigh?", "It weighed 709 carats.", True),
        (  # a number of tons, not of minerals
            "How many tons of rare earth minerals does Ukraine produce?",
            "That $10 [trillion] to $12 trillion of critical mineral assets could be used.",
            False,
        ),
        ("How many tons of ore does it mine?", "It mines 12 million tons of ore.", True),
        ("How many years after Jedi is it set?", "Setting 30 years after Jedi, it ...", True),
        (  # money, not a count of accounts
            "How much money did the hackers make?",
            "The hack affected at least 500 million Yahoo accounts.",
            False,
        ),
        ("How much money did they make?", "They made $500 million.", True),
        ("How much money did they make?", "They made 500 million euros.", True),
        ("How much did Lucara sell its stone for?", "It sold the 813-carat stone.", False),
        ("How much did Lucara sell its stone for?", "It sold the stone for $63m.", True),
        ("How much did the album sell?", "It sold 5,000 copies.", True),  # not a price
        ("How much is the reef worth each year?", "It is worth $3.7 billion annually.", True),
        ("How much did it earn per kilometre?", "Revenue fell to 7.8 euro cents.", True),
        ("What is the gambling age here?", "You must be 21 years of age to gamble.", True),
        ("What is the drinking age here?", "You must be 21 years of age to gamble.", False),
        # a rate per hour, not a count of staff
        ("How much per hour will Asda pay?", "Asda's 135,000 staff can work any hours.", False),
        ("How much per hour will Asda pay?", "It will pay its workers?8.50 an hour.", True),
        ("How much water can soil take in per hour?", "up to 150 liters of water per hour", True),
    ],
)
def test_how_many_wants_a_number_of_what_it_counts(question, text, fits) -> None:
    assert has_type(text, "number", question) is fits


def test_persons_prefers_speakers() -> None:
    text = "But Hardie argued that Ukraine should be isolated. “Predatory,” he said."
    assert persons(text)[0] == "Hardie"


def test_condense_resolves_a_pronoun_from_the_answer() -> None:
    history = [
        {"role": "user", "content": "Who called the minerals deal predatory?"},
        {
            "role": "assistant",
            "content": "But Hardie argued that … [1] “… predatory,” he said. [2]",
        },
    ]
    assert condense("Which organization does he work for?", history) == (
        "Which organization does Hardie work for?"
    )
    assert condense("What is his title?", history) == "What is Hardie’s title?"


def test_condense_does_not_make_a_date_of_he() -> None:
    history = [
        {"role": "user", "content": "Which composer's arrangement gave the song its tune?"},
        {"role": "assistant", "content": "Christmas. [1] The song is thought to be French. [1]"},
    ]
    assert "Christmas" not in condense("What nationality was he?", history)
    history[1]["content"] = "Frederic Austin. [1] The tune is by Frederic Austin. [1]"
    assert condense("What nationality was he?", history) == "What nationality was Frederic Austin?"


def test_condense_does_not_take_a_piece_of_an_organisation_for_a_person() -> None:
    history = [
        {"role": "user", "content": "Who is the deputy director of the Foundation for Defense?"},
        {"role": "assistant", "content": "The articles don't say."},
    ]
    asked = condense("Where did he go to university?", history)
    assert asked.startswith("Where did the deputy director go to university?")  # not "Defense"


def test_follow_ups_ask_for_their_own_kind_of_answer() -> None:
    carried = " (following up on: When was the fort in St. Augustine built?)"
    assert answer_type("Which state is it in?" + carried) == "place"
    assert answer_type("And what year was it finished?" + carried) == "date"
    assert answer_type("And what about the walls?" + carried) == "date"  # the last kind
    assert answer_type("What is it made of?" + carried) == ""  # asks no kind, and not short
    assert answer_type("Did it survive the siege?" + carried) == ""  # yes or no
    where = " (following up on: Where did Trump and Putin arrive for a meeting?)"
    assert answer_type("And the exact date?" + where) == "date"  # its own words, though no wh-
    # a reason, a manner or what something is about: not the last question's person
    who = " (following up on: Who called the deal predatory?)"
    assert answer_type("Why does John Hardie think it is predatory?" + who) == ""
    assert answer_type("How did he get the job?" + who) == ""
    assert answer_type("What is it about?" + who) == ""
    assert answer_type("And how much is it worth?" + who) == "number"


def test_condense_carries_the_topic_for_other_references() -> None:
    history = [
        {"role": "user", "content": "What deal did Bessent propose?"},
        {"role": "assistant", "content": "The minerals deal. [1]"},
    ]
    assert condense("When was it proposed?", history) == (
        "When was it proposed? (following up on: What deal did Bessent propose?)"
    )
    assert condense("When was it proposed?", []) == "When was it proposed?"
    assert condense("Who is Charles Kupchan?", history) == "Who is Charles Kupchan?"


def test_condense_resolves_it_to_the_organisation_just_given() -> None:
    asked = "Which company is the coroner sending his report to?"
    history = [
        {"role": "user", "content": asked},
        {"role": "assistant", "content": "Apple. [1] He plans to send a report to Apple. [1]"},
    ]
    carried = f" (following up on: {asked})"
    assert condense("Did it comment on the death?", history) == (
        "Did Apple comment on the death?" + carried
    )
    assert condense("What did they say in its statement?", history) == (
        "What did Apple say in Apple’s statement?" + carried
    )
    # Only an organisation just given: a date answer leaves "it" to the carried topic.
    history[0]["content"] = "When was the report sent?"
    assert condense("Did it comment?", history) == (
        "Did it comment? (following up on: When was the report sent?)"
    )
    history[0]["content"], history[1]["content"] = asked, "The articles don't say."
    assert condense("Did it comment?", history) == "Did it comment?" + carried
    history[1]["content"] = "the Foundation for Defense of Democracies. [1] Hardie ... [1]"
    assert condense("Where is it based?", history).startswith(
        "Where is the Foundation for Defense of Democracies based?"
    )


def test_normalize_answer_ignores_case_punctuation_and_articles() -> None:
    from assistant.language import normalize_answer

    assert normalize_answer("The  Foundation for Defense of Democracies’!") == (
        "foundation for defense of democracies"
    )
    assert normalize_answer("$12 trillion.") == "$12 trillion"


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Who took the photo of Zelenskyy in Kyiv?", True),
        ("Whose picture shows Trump in the Oval Office?", True),
        ("Who is credited for the file photo?", True),
        ("Who photographed that meeting?", True),
        ("Who took that photo? (following up on: Where did Trump and Putin meet?)", True),
        ("Who took over the company?", False),
        ("Who took part in the talks?", False),
        ("Which news agency supplied the picture of Bessent in Kyiv?", True),
        ("Which agency is his photo credited to, along with Getty Images?", True),
        ("Which agency oversees the budget?", False),
        ("Who supplied the weapons?", False),
        ("Where was it taken? (following up on: Who took the photo?)", False),
    ],
)
def test_asks_photo_credit(question: str, asks: bool) -> None:
    assert asks_photo_credit(question) is asks


@pytest.mark.parametrize(
    ("name", "question", "fits"),
    [
        ("UK", "In which city did May speak?", False),
        ("Glasgow", "In which city did May speak?", True),
        ("Estonia", "In which country is Britain playing?", True),
        ("Tallinn", "In which country is Britain playing?", False),
        ("the United States", "Which country signed it?", True),
        ("Munich", "Where was he on Friday?", True),
        ("the Iberian Peninsula", "what is the most important city in catalonia", False),
        ("Barcelona", "what is the most important city in catalonia", True),
        ("the Mediterranean Sea", "Which city is the port?", False),
        ("the Iberian Peninsula", "where is catalonia", True),
        # a part of a country is no country
        ("Pakistan", "From which Afghan province was the raid launched?", False),
        ("Kunar", "From which Afghan province was the raid launched?", True),
    ],
)
def test_place_fits_a_city_or_a_country_question(name: str, question: str, fits: bool) -> None:
    assert place_fits(name, question) is fits


@pytest.mark.parametrize(
    ("name", "question", "named"),
    [
        ("Joanna Rowsell Shand", "Who rode with Rowsell Shand in London?", True),
        ("Jill Cummins", "Who made a plea for Cummins to turn himself in?", False),
        ("Dani King", "Who rode with Rowsell Shand in London?", False),
        ("Trump", "What did Trump say?", True),
        # only a follow-up's own words name anything: the question it carries is its topic
        (
            "Sierra Leone",
            "Where was it found? (following up on: Who found the diamond in Sierra Leone?)",
            False,
        ),
    ],
)
def test_already_named(name: str, question: str, named: bool) -> None:
    assert already_named(name, question) is named


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("Who is Benjamin Jensen?", "Benjamin Jensen"),
        ("who was Ibn Battuta", "Ibn Battuta"),
        ("Who is O'Brien?", "O'Brien"),
        ("Who is Scotland's First Minister?", ""),  # asks for a name
        ("Who is the president of Ukraine?", ""),
        ("Who is he?", ""),
        ("who is taylor swift", ""),  # lowercase: no telling a name from other words
        ("Who called the deal predatory?", ""),
    ],
)
def test_a_question_asking_who_someone_is_asks_for_no_name(question, name) -> None:
    assert asked_name(question) == name
    kind = "" if name else "person"  # what he is, or who
    assert answer_type(question) == kind
    carried = f"{question} (following up on: who called the minerals deal predatory)"
    assert answer_type(carried) == kind


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("Williams, who celebrates his 85th birthday on February 8, 2017, is a composer.", "85"),
        ("the 41-year-old's ongoing fitness", "41"),
        ("Gorsuch, 49, is a judge.", "49"),
        ("He was born on February 8.", None),
    ],
)
def test_age_spans_find_the_age_a_text_gives(text, age) -> None:
    found = [text[a:b] for a, b in age_spans(text)]
    assert found == ([age] if age else [])


def test_a_count_may_follow_the_verb_the_question_counts_by() -> None:
    asked = "How many people were killed by the car bomb in Mogadishu on Sunday?"
    assert has_type("On Sunday, a car bomb in the capital killed at least 34.", "number", asked)
    assert not has_type("The bomb killed the governor on Feb. 3.", "number", asked)
    assert not has_type("It killed at least 34.", "number", "How many cars were sold?")


def test_a_count_of_those_killed_is_told_with_what_happened_to_them() -> None:
    asked = "How many civilians have been killed in western Mosul?"
    assert not number_fits("As many as 600,000 civilians may be caught inside the city.", asked)
    assert number_fits("At least 40 civilians died in the strikes.", asked)
    assert number_fits("The death toll rose to 40 civilians.", asked)
    arrests = "How many people were detained at US airports?"
    assert not number_fits("Some 109 people were travelling at the time.", arrests)
    assert number_fits("Some 109 people were held at airports.", arrests)


def test_how_many_counts_the_noun_before_a_verb_without_ed() -> None:
    asked = "how many candidates ran against gurbanguly berdymukhamedov?"
    assert counted_units(asked) == ["candi"]
    assert number_fits("The president competed against eight other candidates.", asked)
    assert not number_fits("In 2012 he received roughly 97 percent of the votes.", asked)
    assert counted_units("how many world titles did rowsell shand win?") == ["world", "title"]


def test_an_acronym_answer_is_nobody_a_pronoun_points_to() -> None:
    history = [
        {"role": "user", "content": "Who was behind the hack?"},
        {
            "role": "assistant",
            "content": "DOJ. [1] The hack, which the DOJ said began in 2014. [1]",
        },
    ]
    assert "DOJ" not in condense("How old is he?", history)


def test_the_article_is_no_topic_a_question_leans_on() -> None:
    history = [
        {"role": "user", "content": "What did Hardie say the US gets from the deal?"},
        {"role": "assistant", "content": "“Our money back,” he said. [1]"},
    ]
    asked = "Who did the article say was negotiating with no cards, and who said it?"
    assert condense(asked, history) == asked
    assert "following up on" in condense("Who directed the film?", history)


def test_her_before_a_noun_is_hers() -> None:
    history = [
        {"role": "user", "content": "Who won two Olympic golds?"},
        {"role": "assistant", "content": "Joanna Rowsell Shand. [1]"},
    ]
    assert (
        condense("When did she announce her retirement?", history)
        == "When did Joanna Rowsell Shand announce Joanna Rowsell Shand’s retirement?"
    )
    assert (
        condense("Who beat her in the final?", history)
        == "Who beat Joanna Rowsell Shand in the final?"
    )
