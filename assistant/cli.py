"""The ``dossier`` command: ingest, ask, chat, serve, eval.

Every :class:`DossierError` becomes one line on stderr and exit code 1; a
setting with a bad value, exit code 2. Anything else is a bug and shows its
traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

EXIT_USER_ERROR = 1
EXIT_BAD_SETTING = 2


def _positive_int(value: str) -> int:
    """An argparse type: a whole number >= 1 (``-k 0`` is an error, not the default)."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 1, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {number}")
    return number


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dossier", description="Grounded, cited answers from a collection of news articles."
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--collection", help="collection name (default: DOSSIER_COLLECTION or 'news')"
    )
    common.add_argument(
        "--chroma-dir", type=Path, help="embedded store folder (DOSSIER_CHROMA_DIR)"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ingest = sub.add_parser("ingest", parents=[common], help="load articles into the store")
    ingest.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    ingest.add_argument(
        "--prune", action="store_true", help="remove articles under PATH whose files are gone"
    )
    ingest.add_argument(
        "--rebuild",
        action="store_true",
        help="drop the collection first (e.g. after changing the embedding model)",
    )
    ingest.add_argument("--quiet", action="store_true", help="no progress bar")

    asking = argparse.ArgumentParser(add_help=False)
    asking.add_argument("-k", type=_positive_int, help="passages to retrieve (DOSSIER_TOP_K)")
    asking.add_argument(
        "--source",
        action="append",
        dest="sources",
        metavar="SOURCE",
        help="only this article (file name or source); repeatable",
    )
    asking.add_argument("--outlet", action="append", dest="outlets", metavar="OUTLET")
    asking.add_argument("--date-from", metavar="YYYY-MM-DD")
    asking.add_argument("--date-to", metavar="YYYY-MM-DD")
    asking.add_argument(
        "--local",
        action="store_true",
        help="answer in this process even when a `dossier serve` for the same store is running",
    )
    _answering_options(asking)

    ask = sub.add_parser("ask", parents=[common, asking], help="answer one question")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print the Answer as JSON")
    ask.add_argument(
        "--history",
        type=Path,
        metavar="FILE",
        help="JSON list of {role, content} messages; the exchange is appended",
    )

    sub.add_parser("chat", parents=[common, asking], help="ask follow-up questions in a loop")

    serve = sub.add_parser("serve", parents=[common], help="the chat in the browser and the API")
    serve.add_argument("--host", help="address to listen on (DOSSIER_HOST, default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (DOSSIER_PORT, default 7860)")
    _eval_parser(sub, common)
    return parser


def _eval_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    ev = sub.add_parser(
        "eval",
        parents=[common],
        help="score answers on a question set, or retrieval on a BEIR set",
        description="Writes metrics.json, results.jsonl, report.md and PNG plots to --out. "
        "Exit 3 when a --fail-under/--fail-over gate fails.",
    )
    ev.add_argument("questions", nargs="?", metavar="QUESTIONS.jsonl", help="question set")
    ev.add_argument("--corpus", type=Path, metavar="DIR", help="ingest DIR into a fresh "
                    "temporary collection first and ask over it")  # fmt: skip
    ev.add_argument("--beir", type=Path, metavar="DIR", help="retrieval-only BEIR evaluation")
    ev.add_argument(
        "--retriever", action="append", choices=["hybrid", "dense", "bm25"],
        help="retriever mode (repeat with --beir to compare; default DOSSIER_RETRIEVER)",
    )  # fmt: skip
    ev.add_argument(
        "-k", type=_positive_int, help="passages per question (with --beir: chunks, 200)"
    )
    ev.add_argument("--out", type=Path, metavar="DIR", help="where the report goes")
    ev.add_argument("--compare", nargs=2, metavar=("A", "B"), help="diff two runs' metrics")
    ev.add_argument("--fail-under", action="append", metavar="METRIC=VALUE",
                    help="exit 3 if METRIC is below VALUE, e.g. answer.accuracy=0.9")  # fmt: skip
    ev.add_argument(
        "--fail-over",
        action="append",
        metavar="METRIC=VALUE",
        help="exit 3 if METRIC is above VALUE, e.g. latency_ms.total.p50=500",
    )
    ev.add_argument("--quiet", action="store_true", help="no progress bars")
    _answering_options(ev)


def _answering_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--answerer",
        choices=["extractive", "llm"],
        help="who writes the answer (DOSSIER_ANSWERER; default: llm when DOSSIER_LLM is set)",
    )
    parser.add_argument(
        "--llm", choices=["openai", "llamacpp"], help="the LLM backend (DOSSIER_LLM)"
    )
    parser.add_argument(
        "--verify",
        choices=["flag", "drop", "off"],
        help="check answer sentences against their citations (DOSSIER_VERIFY, default flag)",
    )


def _settings(args: argparse.Namespace) -> Any:
    from assistant.settings import Settings

    overrides: dict[str, Any] = {}
    if args.collection:
        overrides["collection"] = args.collection
    if args.chroma_dir:
        overrides["chroma_dir"] = args.chroma_dir
    if getattr(args, "k", None) is not None:
        overrides["top_k"] = args.k
    for name in ("answerer", "llm", "verify"):
        if getattr(args, name, None):
            overrides[name] = getattr(args, name)
    return Settings(**overrides)


def _filters(args: argparse.Namespace) -> Any:
    from pydantic import ValidationError

    from vectorstore.errors import InputError
    from vectorstore.retriever import Filters

    if not (args.sources or args.outlets or args.date_from or args.date_to):
        return None
    try:
        return Filters(
            sources=args.sources,
            outlets=args.outlets,
            date_from=args.date_from,
            date_to=args.date_to,
        )
    except ValidationError as error:
        first = error.errors()[0]
        raise InputError(f"bad filter {first['loc'][0]}: {first['msg']}") from None


def _nothing_to_load(paths: Sequence[str]) -> int:
    from vectorstore.loading import SUPPORTED_SUFFIXES

    print(
        f"dossier: error: no article could be loaded from {' '.join(paths)}; give files or "
        f"folders of {', '.join(sorted(SUPPORTED_SUFFIXES))}",
        file=sys.stderr,
    )
    return EXIT_USER_ERROR


def cmd_ingest(args: argparse.Namespace) -> int:
    from assistant.factory import make_ingestor
    from assistant.progress import ingest_progress
    from vectorstore.chroma import connect, delete_collection
    from vectorstore.loading import discover

    files, missing = discover(args.paths)
    if not files:  # before loading the model: a typo should fail fast
        for rejected in missing:
            print(f"rejected {rejected.source}: {rejected.reason}", file=sys.stderr)
        return _nothing_to_load(args.paths)
    settings = _settings(args)
    if args.rebuild:
        if settings.chroma_host:
            client = connect(host=settings.chroma_host, port=settings.chroma_port)
        else:
            client = connect(path=settings.chroma_dir)
        delete_collection(client, settings.collection)
    ingestor = make_ingestor(settings)
    with ingest_progress(args.quiet) as progress:
        report = ingestor.ingest(args.paths, prune=args.prune, progress=progress)
    for rejected in report.rejected:
        print(f"rejected {rejected.source}: {rejected.reason}", file=sys.stderr)
    print(f"{settings.collection}: {report.summary()}; {ingestor.store.count()} chunks in store")
    if not (report.added or report.updated or report.unchanged):
        return _nothing_to_load(args.paths)
    return 0


def _print_answer(answer: Any, streamed: str | None = None) -> None:
    """The answer (unless ``streamed`` already showed it as is), its checks and sources."""
    if streamed is None:
        print(answer.answer)
    elif streamed.strip() != answer.answer.strip():
        print("\n\nChecked against the articles:" if streamed else "")
        print(answer.answer)
    else:
        print()
    short = getattr(answer, "short_answer", None)
    if short is not None:
        print(f"\nShort answer: {short.text} [{short.n}] (characters {short.start}–{short.end})")
    unsupported = answer.unsupported
    if unsupported:
        print(
            f"\n⚠ {len(unsupported)} of {len(answer.sentences)} sentence(s) are not supported "
            "by the passages they cite:"
        )
        for sentence in unsupported:
            print(f"  - {sentence.text} (support {sentence.score:.2f})")
    if answer.notice:
        print(f"\nNote: {answer.notice}")
    if answer.citations:
        print("\nSources:")
    for c in answer.citations:
        where = ", ".join(x for x in (c.date, c.outlet) if x)
        print(f"[{c.n}] {c.title}{f' ({where})' if where else ''} — {c.source}")
        print(f"    {_quoted(c.quote)} (characters {c.start}–{c.end})")
    if answer.standalone_question:
        print(f"\n(searched for: {answer.standalone_question})")


def _ask_printing(
    assistant: Any, question: str, history: list[dict[str, str]], filters: Any, live: bool
) -> Any:
    """Asks, printing the answer as it is written when ``live``; returns the Answer."""
    from assistant.streaming import Delta, Done

    streamed: list[str] = []
    for event in assistant.stream(question, history=history, filters=filters):
        if isinstance(event, Delta) and live:
            streamed.append(event.text)
            print(event.text, end="", flush=True)
        elif isinstance(event, Done):
            _print_answer(event.answer, "".join(streamed) if live else None)
            return event.answer
    raise AssertionError("the stream ended without an answer")  # pragma: no cover


def _load_history(path: Path | None) -> list[dict[str, str]]:
    from vectorstore.errors import InputError

    if path is None or not path.exists():
        return []
    try:
        history = json.loads(path.read_text(encoding="utf-8") or "[]")
    except (OSError, ValueError) as error:
        raise InputError(f"cannot read history {path}: {error}; it must be a JSON list") from error
    if not isinstance(history, list):
        raise InputError(f"history {path} must be a JSON list of {{role, content}} messages")
    return history


def _server(args: argparse.Namespace, settings: Any) -> Any:
    """A running ``dossier serve`` for the same store to ask, unless ``--local`` (or an
    option the API cannot carry) says to answer here."""
    if args.local or args.llm or args.verify:
        return None
    from assistant.remote import find_server

    server = find_server(settings)
    if server is not None:
        print(f"(answered by the server at {server.url}; --local to answer here)", file=sys.stderr)
    return server


def _filter_dict(args: argparse.Namespace) -> dict[str, Any] | None:
    given = {
        "sources": args.sources,
        "outlets": args.outlets,
        "date_from": args.date_from,
        "date_to": args.date_to,
    }
    return {k: v for k, v in given.items() if v} or None


def _ask_remote(
    server: Any, settings: Any, question: str, history: list[dict[str, str]], filters: Any
) -> Any:
    answer = server.ask(question, history, settings.top_k, filters, settings.answerer)
    _print_answer(answer)
    return answer


def cmd_ask(args: argparse.Namespace) -> int:
    history = _load_history(args.history)
    settings = _settings(args)
    server = _server(args, settings)
    if server is not None:  # the running server has everything loaded: ask it
        if args.json:
            answer = server.ask(
                args.question, history, settings.top_k, _filter_dict(args), settings.answerer
            )
            print(json.dumps(answer.to_dict(), ensure_ascii=False))
        else:
            answer = _ask_remote(server, settings, args.question, history, _filter_dict(args))
    else:
        from assistant.pipeline import Assistant, check_question

        check_question(args.question, settings.max_question_chars)  # before loading anything
        filters = _filters(args)
        assistant = Assistant.from_settings(settings)
        if args.json:
            answer = assistant.ask(args.question, history=history, filters=filters)
            print(json.dumps(answer.to_dict(), ensure_ascii=False))
        else:
            live = sys.stdout.isatty()
            answer = _ask_printing(assistant, args.question, history, filters, live)
    if args.history:
        history += [
            {"role": "user", "content": args.question},
            {"role": "assistant", "content": answer.answer},
        ]
        args.history.write_text(json.dumps(history, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


def _quoted(text: str) -> str:
    """``text`` in quotation marks, unless it opens with one (““I think ...” is hard to read)."""
    if text[:1] in '“"‘':
        return text
    return f"“{text}”"


def cmd_chat(args: argparse.Namespace) -> int:
    from vectorstore.errors import DossierError

    settings = _settings(args)
    server = _server(args, settings)
    if server is None:
        from assistant.pipeline import Assistant

        filters = _filters(args)
        assistant = Assistant.from_settings(settings)
    else:
        filters = _filter_dict(args)
    history: list[dict[str, str]] = []
    print("Ask about the articles. /clear starts over, /quit (or Ctrl-D) leaves.")
    while True:
        try:
            question = input("\n> ").strip()
        except EOFError:
            print()
            return 0
        except UnicodeDecodeError as error:
            print(
                f"error: the question is not UTF-8 ({error.reason}); check the terminal's encoding"
            )
            continue
        if question in ("/quit", "/exit"):
            return 0
        if question == "/clear":
            history = []
            print("(conversation cleared)")
            continue
        if not question:
            continue
        try:
            if server is not None:
                answer = _ask_remote(server, settings, question, history, filters)
            else:
                live = sys.stdout.isatty()
                answer = _ask_printing(assistant, question, history, filters, live)
        except DossierError as error:
            print(f"\nerror: {error}")
            continue
        history += [
            {"role": "user", "content": question},
            {"role": "assistant", "content": answer.answer},
        ]


def cmd_eval(args: argparse.Namespace) -> int:
    from assistant.evaluation.command import run

    return run(args, _settings(args))


def cmd_serve(args: argparse.Namespace) -> int:
    from assistant.web.server import serve

    settings = _settings(args)
    overrides = {"host": args.host, "port": args.port}
    settings = settings.model_copy(update={k: v for k, v in overrides.items() if v is not None})
    serve(settings)
    return 0


COMMANDS = {
    "ingest": cmd_ingest,
    "ask": cmd_ask,
    "chat": cmd_chat,
    "serve": cmd_serve,
    "eval": cmd_eval,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``dossier`` console script."""
    for stream in (sys.stdout, sys.stderr):
        # A file name that is not UTF-8 (kept by Python as surrogate escapes) is printed
        # escaped, instead of failing with UnicodeEncodeError halfway through a report.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    args = _parser().parse_args(argv)
    from pydantic import ValidationError

    from vectorstore.errors import DossierError

    try:
        return COMMANDS[args.command](args)
    except DossierError as error:
        print(f"dossier: error: {error}", file=sys.stderr)
        return EXIT_USER_ERROR
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        print(f"dossier: error: bad setting {field}: {first['msg']}", file=sys.stderr)
        return EXIT_BAD_SETTING
    except KeyboardInterrupt:
        print("dossier: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
