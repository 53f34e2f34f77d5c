"""The chat in the browser: a Gradio Blocks over a :class:`DossierService`.

The conversation sent to the assistant is kept apart from what the chat shows
(HTML with citation chips): follow-ups get the plain answers. A page reload
starts a new, empty conversation. Every user-facing failure is a ``gr.Error``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr
from pydantic import ValidationError

from assistant.streaming import Delta, Done, Retrieved
from assistant.web import render
from assistant.web.service import DossierService
from vectorstore.errors import DossierError
from vectorstore.loading import SUPPORTED_SUFFIXES
from vectorstore.retriever import Filters

MAX_K = 20
Chat = list[dict[str, Any]]

# A click (or Enter) on a [n] chip opens that source under the same answer.
HEAD = """
<script>
(() => {
  const open = (chip) => {
    const n = [...chip.classList].map((c) => c.match(/^dossier-cite-(\d+)$/)).find(Boolean);
    const answer = chip.closest('.dossier-answer');
    const source = n && answer && answer.querySelector(`details.dossier-source-${n[1]}`);
    if (!source) return;
    source.open = true;
    source.scrollIntoView({block: 'nearest', behavior: 'smooth'});
  };
  document.addEventListener('click', (e) => {
    const chip = e.target.closest && e.target.closest('.dossier-cite');
    if (chip) { e.preventDefault(); open(chip); }
  });
  document.addEventListener('keydown', (e) => {
    const chip = e.target.closest && e.target.closest('.dossier-cite');
    if (chip && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); open(chip); }
  });
})();
</script>
"""

CSS = """
.dossier-cite { cursor: pointer; color: var(--link-text-color, #2563eb); font-weight: 600;
  padding: 0 2px; border-radius: 4px; }
.dossier-cite:hover { background: var(--color-accent-soft, #e0e7ff); }
.dossier-searched { font-size: 0.85em; opacity: 0.75; margin-bottom: 4px; }
.dossier-sources { margin-top: 8px; font-size: 0.9em; }
.dossier-source summary { cursor: pointer; }
.dossier-meta, .dossier-where { opacity: 0.75; font-size: 0.9em; }
.dossier-passage { margin: 4px 0 8px 0; padding-left: 8px; border-left: 3px solid #ccc; }
.dossier-passage mark { background: #fde68a; color: inherit; padding: 0 1px; }
.dossier-refused .dossier-text { font-style: italic; }
.dossier-unsupported { text-decoration: underline dotted #d97706; text-underline-offset: 3px;
  background: rgba(253, 230, 138, 0.35); cursor: help; }
.dossier-flag { color: #d97706; }
.dossier-notice { font-size: 0.85em; margin-bottom: 4px; padding: 2px 6px;
  border-left: 3px solid #d97706; background: rgba(253, 230, 138, 0.25); }
.dossier-answerer { font-size: 0.8em; opacity: 0.6; margin-top: 4px; }
.dossier-short { font-size: 1.15em; margin-bottom: 6px; }
.dossier-evidence { opacity: 0.9; }
"""


def _filters(sources: list[str] | None, date_from: str, date_to: str) -> Filters | None:
    if not (sources or date_from.strip() or date_to.strip()):
        return None
    try:
        return Filters(
            sources=sources or None,
            date_from=date_from.strip() or None,
            date_to=date_to.strip() or None,
        )
    except ValidationError as error:
        first = error.errors()[0]
        raise gr.Error(f"bad filter {first['loc'][0]}: {first['msg']}") from None


def build_chat(service: DossierService) -> gr.Blocks:
    """The chat, the settings and the article panel, wired to ``service``."""

    def catalog() -> tuple[Any, Any, Any]:
        try:
            docs = service.documents()
        except DossierError as error:
            raise gr.Error(str(error)) from None
        rows = [[d.title, d.date, d.outlet, d.chunks] for d in docs]
        choices = [(f"{d.title} ({d.doc_id})", d.doc_id) for d in docs]
        names = sorted({d.name for d in docs})
        return (
            gr.update(value=rows),
            gr.update(choices=choices, value=None),
            gr.update(choices=names),
        )

    def respond(
        question: str,
        chat: Chat,
        conversation: list[dict[str, str]],
        k: float,
        answerer: str,
        sources: list[str] | None,
        date_from: str,
        date_to: str,
    ) -> Iterator[tuple[Chat, list[dict[str, str]], str]]:
        filters = _filters(sources, date_from or "", date_to or "")
        try:
            events = service.stream(question, conversation, int(k), filters, answerer)
        except DossierError as error:
            raise gr.Error(str(error)) from None
        chat = [*chat, {"role": "user", "content": render.text(question)}]
        yield chat, conversation, ""
        standalone, so_far = "", ""
        try:
            for event in events:
                if isinstance(event, Retrieved):
                    standalone = event.standalone_question
                elif isinstance(event, Delta):
                    so_far += event.text
                elif isinstance(event, Done):
                    html = render.answer_html(event.answer)
                    conversation = [
                        *conversation,
                        {"role": "user", "content": question},
                        {"role": "assistant", "content": event.answer.answer},
                    ]
                    yield [*chat, {"role": "assistant", "content": html}], conversation, ""
                    return
                yield (
                    [
                        *chat,
                        {"role": "assistant", "content": render.partial_html(standalone, so_far)},
                    ],
                    conversation,
                    "",
                )
        except DossierError as error:
            # Fails midway (an LLM that stops answering): the half-written text goes, the
            # reason stays in the chat as well as in the error message.
            failed = render.failed_html(standalone, str(error))
            yield [*chat, {"role": "assistant", "content": failed}], conversation, ""
            raise gr.Error(str(error)) from None

    def check(question: str, date_from: str, date_to: str) -> None:
        # Runs before `respond`, with no outputs: a bad question shows as a message only,
        # without covering the chat with an error badge.
        try:
            service.check_question(question)
        except DossierError as error:
            raise gr.Error(str(error)) from None
        _filters(None, date_from or "", date_to or "")

    def clear() -> tuple[Chat, list[dict[str, str]], str]:
        return [], [], ""

    def add(files: list[str] | None) -> tuple[str, Any, Any, Any, None]:
        if not files:
            raise gr.Error("choose one or more files to add first")
        try:
            report = service.add_files([(Path(f).name, Path(f)) for f in files])
        except DossierError as error:
            raise gr.Error(str(error)) from None
        return (render.report_html(report), *catalog(), None)

    def remove(doc_id: str | None) -> tuple[str, Any, Any, Any]:
        if not doc_id:
            raise gr.Error("choose an article to remove first")
        try:
            removed = service.remove(doc_id)
        except DossierError as error:
            raise gr.Error(str(error)) from None
        message = f"<div class='dossier-report'>Removed: {render.text(removed.title)}</div>"
        return (message, *catalog())

    kinds = ", ".join(sorted(SUPPORTED_SUFFIXES))
    with gr.Blocks(title="Dossier", analytics_enabled=False) as blocks:
        conversation = gr.State([])
        gr.Markdown("## Dossier\nAsk about the articles. Every sentence cites its source.")
        with gr.Row():
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(
                    label="Chat",
                    elem_id="dossier-chat",
                    height=600,
                    latex_delimiters=[],
                    feedback_options=None,
                    placeholder="Answers appear here, each sentence with its [n] source.",
                )
                with gr.Row():
                    question = gr.Textbox(
                        placeholder="Ask a question about the articles…",
                        show_label=False,
                        elem_id="dossier-question",
                        scale=5,
                        max_lines=4,
                    )
                    ask = gr.Button("Ask", variant="primary", elem_id="dossier-ask", scale=1)
                    clear_button = gr.Button("Clear", elem_id="dossier-clear", scale=1)
            with gr.Column(scale=2):
                with gr.Accordion("Settings", open=False, elem_id="dossier-settings"):
                    k = gr.Slider(1, MAX_K, value=service.settings.top_k, step=1, label="Passages")
                    answerer = gr.Dropdown(
                        service.answerers(),
                        value=service.settings.answerer_name(),
                        label="Answerer",
                        elem_id="dossier-answerer",
                    )
                    sources = gr.Dropdown(
                        [], multiselect=True, label="Only these articles (files)", value=[]
                    )
                    with gr.Row():
                        date_from = gr.Textbox(label="From date", placeholder="YYYY-MM-DD")
                        date_to = gr.Textbox(label="To date", placeholder="YYYY-MM-DD")
                with gr.Accordion("Articles", open=True):
                    table = gr.Dataframe(
                        headers=["Title", "Date", "Outlet", "Chunks"],
                        datatype=["str", "str", "str", "number"],
                        interactive=False,
                        elem_id="dossier-documents",
                        wrap=True,
                    )
                    upload = gr.File(
                        file_count="multiple",
                        label=f"Add articles ({kinds})",
                        elem_id="dossier-upload",
                    )
                    add_button = gr.Button("Add to the collection", elem_id="dossier-add")
                    with gr.Row():
                        chosen = gr.Dropdown([], label="Article", scale=3, elem_id="dossier-chosen")
                        remove_button = gr.Button("Remove", variant="stop", scale=1)
                    status = gr.HTML(elem_id="dossier-status")

        inputs = [question, chatbot, conversation, k, answerer, sources, date_from, date_to]
        outputs = [chatbot, conversation, question]
        checked = [question, date_from, date_to]
        ask.click(check, checked, None, api_visibility="private").success(
            respond, inputs, outputs, api_name="chat"
        )
        question.submit(check, checked, None, api_visibility="private").success(
            respond, inputs, outputs, api_visibility="private"
        )
        clear_button.click(clear, None, outputs, api_visibility="private")
        chatbot.clear(clear, None, outputs, api_visibility="private")
        add_button.click(add, upload, [status, table, chosen, sources, upload], api_name="add")
        remove_button.click(remove, chosen, [status, table, chosen, sources], api_name="remove")
        blocks.load(catalog, None, [table, chosen, sources], api_visibility="private")

        @gr.api(api_name="ask")
        def ask_json(question: str, k: int = 0) -> dict[str, Any]:
            """The Answer JSON for one question (no history)."""
            try:
                return service.ask(question, k=k or None).to_dict()
            except DossierError as error:
                raise gr.Error(str(error)) from None

    return blocks
