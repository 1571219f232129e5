"""The commands: what each does with its parsed arguments, and the words it fails with.

    build.py [build] [--content DIR] [--output FILE.pdf] [--paper A5|A4] [--html FILE] [--strict]
                     [--province SLUG]... [the variants: --imposition booklet, --print-marks, --pdf-a,
                     --pdf-ua, --press [--icc FILE.icc], --proof; see briefing/variants.py for which combine]
                     [--edition reader|review [--since OLD.pdf]] [--force]
    build.py check [--content DIR] [--strict]
    build.py copies --recipients FILE.csv|FILE.xlsx --output-dir DIR [--content DIR] [--paper A5|A4]
                    [--province SLUG]... [--jobs N] [--strict] [--imposition booklet] [--print-marks] [--press]
                    [--icc FILE.icc] [--proof]
                    [--sign KEY.p12 | --sign-pkcs11 MODULE.so --token-label L --key-label K]
                    [--sign-visible yes|no] [--tsa URL]
    build.py verify FILE.pdf... [--trust CA.pem]... [--crl FILE]... [--manifest DIR/manifest.json]
    build.py send --copies DIR --smtp HOST[:PORT] [--starttls | --ssl] [--user NAME] --from ADDR
                  [--dry-run] [--per-minute N] [--timeout SECONDS] [--deadline MINUTES]
    build.py watch [the build options]
    build.py serve [--port 8000] [--host 127.0.0.1] [the build options]
    build.py schema [--content DIR]
    build.py init DIR --issuer NAME [--parent NAME] [--compiler NAME] [--place PLACE] [--date DATE]
                      [--directive NUMBER]
    build.py new-province SLUG --name NAME --source FILE.txt [--content DIR]
    build.py draft FILE.txt [--source ID]

A runner returns the exit code of a command that went through; whatever stops it is raised, and
said by failures.py. The wings are imported by the runners that use them, as they run; only the
fingerprint (render/freshness.py, light) is at hand from the start: it decides whether a build is
needed before WeasyPrint is loaded.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from ..options import BuildOptions, OptionError
from ..oserrors import reason
from ..problems import PlainProblem, display_path
from ..render import freshness
from .failures import EXIT_FAILED, EXIT_OK, EXIT_UNVERIFIED, KEPT, says
from .language import summary_of
from .parsers import (
    build_parser,
    check_parser,
    copies_parser,
    draft_parser,
    init_parser,
    new_province_parser,
    schema_parser,
    send_parser,
    serve_parser,
    variant_files,
    variants_asked,
    verify_parser,
    watch_parser,
)

NOT_RECORDED = "tệp PDF đã đầy đủ, lần sau sẽ dựng lại từ đầu"


def _booklet_options(args: argparse.Namespace, **more) -> BuildOptions:
    """The booklet the flags of build, watch, serve and copies shape (parsers.COMMON, BOOKLET, the variants)."""
    return BuildOptions(
        content=args.content,
        paper=args.paper,
        provinces=tuple(args.provinces),
        strict=args.strict,
        variants=variants_asked(args),
        **variant_files(args),
        **more,
    )


def _build_options(args: argparse.Namespace) -> BuildOptions:
    """The build the flags ask for, checked (``OptionError``: options that conflict, outputs over inputs)."""
    from ..outputs import check_outputs

    options = _booklet_options(args, output=args.output, html_output=args.html, edition=args.edition, since=args.since)
    options.check()
    check_outputs(options)
    return options


@says(
    undone="chưa dựng tài liệu",
    counts=True,
    kept=KEPT,
    unwritten=lambda args, why: f"Không ghi được tệp ({why}). {KEPT}",
)
def run_build(args: argparse.Namespace) -> int:
    options = _build_options(args)
    inputs = freshness.fingerprint(options)
    if not args.force and freshness.is_up_to_date(options, inputs):
        print(f"{display_path(options.output)} đã mới nhất: không có gì thay đổi từ lần dựng trước.")
        return EXIT_OK
    from ..render.layoutprocess import layout_process

    with layout_process(options) as layout:  # WeasyPrint loads there while the content loads here
        from ..render.pipeline import build

        result = build(options, layout)
    _print_all(result.content_warnings)
    for page, message in result.balance:  # the layout could not balance these pages: not an error
        print(f"{display_path(result.path)}: trang {page}: cảnh báo: {message}", file=sys.stderr)
    print(f"Đã dựng {display_path(result.path)} ({result.pages} trang).")
    try:
        freshness.record(options, inputs, result.written)
    except OSError as error:  # the PDF is complete; only the shortcut for the next run is lost
        where = display_path(freshness.record_path(options.output))
        print(f"Không ghi được tệp ghi nhận lần dựng {where} ({reason(error)}); {NOT_RECORDED}.", file=sys.stderr)
    if result.weasyprint_warnings:
        print(f"WeasyPrint báo {len(result.weasyprint_warnings)} cảnh báo (xem ở trên).", file=sys.stderr)
    if result.colophon_note:  # a reminder, last
        print(result.colophon_note, file=sys.stderr)
    return EXIT_OK


def run_watch(args: argparse.Namespace) -> int:
    from ..preview.watch import watch

    watch(_build_options(args), say=_say, verbose=args.verbose)  # until Ctrl-C
    return EXIT_OK


def run_serve(args: argparse.Namespace) -> int:
    from ..preview.live import check_preview_folder, serve

    options = _build_options(args)  # the same checks as build and watch
    check_preview_folder(options)
    serve(options, args.host, args.port, say=_say)  # until Ctrl-C
    return EXIT_OK


@says(undone="chưa ghi lược đồ nào, chưa sửa tệp nào", unwritten=lambda args, why: f"Không ghi được tệp ({why}).")
def run_schema(args: argparse.Namespace) -> int:
    from ..content.schema import SCHEMA_FOLDER, plan_schemas, write_plan
    from ..outputs import check_output

    if not args.content.is_dir():
        raise OptionError(f"không có thư mục nội dung {display_path(args.content)}")
    check_output("--content", args.content / SCHEMA_FOLDER, folder=True)  # never into the tool's own files
    plan = plan_schemas(args.content)
    written, changed = write_plan(plan)
    print(f"Đã ghi {len(written)} lược đồ vào {display_path(plan.folder)}.")
    for path in changed:
        print(f"Đã thêm dòng lược đồ vào đầu {display_path(path)}.")
    return EXIT_OK


@says(refused="chưa ghi tệp nào")
def run_init(args: argparse.Namespace) -> int:
    from ..content.newbooklet import new_booklet

    made = new_booklet(args.folder, args.issuer, args.parent, args.compiler, args.place, args.date, args.directive)
    folder = display_path(made.folder)
    print(f"Đã tạo tập tài liệu mới trong {folder}:")
    for path in made.files:
        print(f"  {display_path(path)}")
    print(f"Tiếp theo: build.py new-province SLUG --name TÊN --source BÀI --content {folder}  (thêm từng tỉnh)")
    return EXIT_OK


@says(refused="chưa ghi tệp nào")
def run_new_province(args: argparse.Namespace) -> int:
    from ..content.newprovince import new_province

    made = new_province(args.content, args.slug, args.name, args.source, args.kind)
    print(f"Đã thêm {args.kind} “{args.slug}”:")
    print(f"  {display_path(made.source_file)}  (lời bài báo)")
    print(f"  {display_path(made.province_file)}  (tệp tỉnh, điền tiếp từng mục)")
    print(f"  {display_path(made.booklet_file)}  (đã thêm vào provinces và sources)")
    for particular in made.metadata:
        print(f"  Nguồn: {particular}  (lấy từ tệp, xem lại trong {display_path(made.booklet_file)})")
    if made.cover:  # the cover is the office's: say whose it is, so another office's is not kept unseen
        print(f"Bìa ghi: {made.cover}; sửa trong {display_path(made.booklet_file)} nếu chưa đúng.")
    print(
        f"Tiếp theo: build.py draft {display_path(made.source_file)} để có sẵn số liệu, khen thưởng, hội nghị, người, "
        "văn bản kèm câu trích."
    )
    return EXIT_OK


def run_draft(args: argparse.Namespace) -> int:
    from ..content.articles import read_article
    from ..content.draft import as_yaml, draft

    article = read_article(args.article)
    drafted = draft(article.text, args.source, progress=_progress_bar(label="Đang đọc bài"))  # on a terminal only
    sys.stdout.write(as_yaml(drafted, display_path(args.article)))
    return EXIT_OK


@says(counts=True)
def run_check(args: argparse.Namespace) -> int:
    from ..content.folder import load_booklet

    booklet = load_booklet(args.content, strict=args.strict)
    warnings = sorted([*booklet.warnings, *booklet.publication_warnings])  # check lists what print files need too
    _print_all(warnings)
    from ..render.pipeline import balance_warnings  # lays the booklet out: pages out of balance are warnings too

    balance = balance_warnings(BuildOptions(content=args.content, paper=args.paper), booklet)
    for paper, page, message in balance:
        print(f"khổ {paper}, trang {page}: cảnh báo: {message}", file=sys.stderr)
    for note in booklet.notes:  # what an edition leaves out: information, nothing to fix
        print(note)
    noted = f", {len(booklet.notes)} ghi chú" if booklet.notes else ""
    print(f"Nội dung hợp lệ ({len(warnings) + len(balance)} cảnh báo{noted}).")
    return EXIT_OK


def _signing_setup(args: argparse.Namespace):
    """The signing set-up the flags ask for; None without --sign; raises OptionError or SigningError."""
    from ..distribute.sign import PASSWORD_VARIABLE, PIN_VARIABLE, KeySource, SigningError, SigningSetup, ask_secret

    if args.sign is None and args.sign_pkcs11 is None:
        for flag, value in (("--token-label", args.token_label), ("--key-label", args.key_label), ("--tsa", args.tsa)):
            if value is not None:
                raise OptionError(f"{flag} chỉ dùng cùng --sign hoặc --sign-pkcs11")
        return None
    if args.sign is not None:
        secret = ask_secret(PASSWORD_VARIABLE, "Mật khẩu tệp khóa: ")
        key = KeySource(p12=args.sign, secret=secret or "")
        missing = f"chưa có mật khẩu: đặt biến môi trường {PASSWORD_VARIABLE} hoặc chạy lệnh trong cửa sổ dòng lệnh"
    else:
        if not args.token_label or not args.key_label:
            raise OptionError("--sign-pkcs11 cần cả --token-label và --key-label")
        secret = ask_secret(PIN_VARIABLE, "Mã PIN của token: ")
        key = KeySource(
            module=args.sign_pkcs11, token_label=args.token_label, key_label=args.key_label, secret=secret or ""
        )
        missing = f"chưa có mã PIN: đặt biến môi trường {PIN_VARIABLE} hoặc chạy lệnh trong cửa sổ dòng lệnh"
    if secret is None:
        raise SigningError([PlainProblem(key.where, "", missing)])
    return SigningSetup(key=key, visible=args.sign_visible == "yes", tsa=args.tsa)


def _copies_unwritten(args: argparse.Namespace, why: str) -> str:
    listed = display_path(args.output_dir / "manifest.csv")
    return (
        f"Không ghi được bản sao ({why}). Các bản đã tạo đều đầy đủ và có trong {listed}; "
        "giải phóng chỗ hoặc sửa quyền ghi rồi chạy lại."
    )


@says(
    undone="chưa tạo bản sao nào",
    counts=True,
    unwritten=_copies_unwritten,
    stopped=lambda args: f"Đã dừng. Các bản đã tạo đều đầy đủ và có trong {args.output_dir / 'manifest.csv'}.",
)
def run_copies(args: argparse.Namespace) -> int:
    from ..distribute.copies import check_copies_options, make_copies

    options = _booklet_options(args)
    signed = args.sign is not None or args.sign_pkcs11 is not None
    check_copies_options(options, args.recipients, args.output_dir, args.jobs, signed)  # before any secret is asked
    signing = _signing_setup(args)
    notes: list[str] = []  # said once the copies are made
    records = make_copies(
        options,
        args.recipients,
        args.output_dir,
        args.jobs,
        progress=_progress_bar(),
        signing=signing,
        warn=lambda problem: print(problem, file=sys.stderr),
        note=notes.append,
    )
    signed_words = " đã ký số" if signing else ""
    where = display_path(args.output_dir)
    print(f"Đã tạo {len(records)} bản sao{signed_words} trong {where} (kèm manifest.csv, manifest.json).")
    for line in notes:
        print(line, file=sys.stderr)
    return EXIT_OK


def run_verify(args: argparse.Namespace) -> int:
    import os

    from ..distribute.verify import (
        INVALID,
        OK,
        TRUST_VARIABLE,
        UNVERIFIED,
        load_manifest_hashes,
        load_trust,
        verify_file,
        worst,
    )

    trust = load_trust(args.trust or [], os.environ.get(TRUST_VARIABLE), args.crl or [])
    hashes = load_manifest_hashes(args.manifest) if args.manifest else None
    codes = []
    for path in args.files:
        verdict = verify_file(path, trust, hashes)
        codes.append(verdict.code)
        print("\n".join(verdict.report()), flush=True)
    total, invalid, unverified = len(codes), codes.count(INVALID), codes.count(UNVERIFIED)
    if invalid:
        also = f"; {unverified} tệp chưa xác minh được nơi cấp" if unverified else ""
        print(f"{invalid}/{total} tệp KHÔNG hợp lệ{also}.")
    elif unverified:
        print(
            f"{unverified}/{total} tệp nguyên vẹn nhưng chưa xác minh được nơi cấp: chưa biết người ký có đúng là "
            "người của cơ quan phát hành không. Thêm --trust CA.pem (chứng thư của nơi cấp, nhận qua kênh riêng)."
        )
    else:
        print(f"Cả {total} tệp đều hợp lệ.")
    return {OK: EXIT_OK, INVALID: EXIT_FAILED, UNVERIFIED: EXIT_UNVERIFIED}[worst(codes)]


def _send_stopped(args: argparse.Namespace) -> str:
    from ..distribute.journal import JOURNAL

    return f"Đã dừng. Mọi lần gửi đã ghi trong {display_path(args.copies / JOURNAL)}; chạy lại lệnh để gửi tiếp."


@says(undone="chưa gửi thư nào", stopped=_send_stopped)  # a folder, journal or server that cannot be used
def run_send(args: argparse.Namespace) -> int:
    from ..distribute.send import SendSettings, send_copies

    settings = SendSettings(
        copies=args.copies,
        smtp=args.smtp,
        sender=args.sender,
        starttls=args.starttls,
        ssl=args.ssl,
        user=args.user,
        dry_run=args.dry_run,
        per_minute=args.per_minute,
        timeout=args.timeout,
        deadline=args.deadline,
        proof=args.proof,
        from_name=args.from_name,
    )
    send_copies(settings, progress=_progress_bar(label="Đang gửi thư"))
    return EXIT_OK


def top_level_parser() -> argparse.ArgumentParser:
    """``build.py``'s own parser: build's options, and every command listed in its help."""
    return build_parser(commands=command_summaries)


COMMANDS: dict[str, tuple[Callable[[], argparse.ArgumentParser], Callable[[argparse.Namespace], int]]] = {
    "build": (top_level_parser, run_build),
    "check": (check_parser, run_check),
    "copies": (copies_parser, run_copies),
    "watch": (watch_parser, run_watch),
    "serve": (serve_parser, run_serve),
    "schema": (schema_parser, run_schema),
    "verify": (verify_parser, run_verify),
    "send": (send_parser, run_send),
    "init": (init_parser, run_init),
    "new-province": (new_province_parser, run_new_province),
    "draft": (draft_parser, run_draft),
}


def command_summaries() -> list[tuple[str, str]]:
    """Every command with its one-line summary, for the top-level help."""
    return [(name, summary_of(make_parser())) for name, (make_parser, _) in COMMANDS.items()]


# --- output --------------------------------------------------------------------


def _say(line: str) -> None:
    """What watch and serve say as they go, shown at once."""
    print(line, flush=True)


def _print_all(problems) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def _progress_bar(stream=None, label: str = "Đang tạo bản sao") -> Callable[[int, int], None]:
    """A one-line progress bar on a terminal; silent when output goes to a file or pipe."""
    stream = stream or sys.stderr
    if not stream.isatty():
        return lambda done, total: None

    def draw(done: int, total: int) -> None:
        filled = 30 * done // total
        stream.write(f"\r{label} [{'#' * filled}{'.' * (30 - filled)}] {done}/{total}")
        if done == total:
            stream.write("\n")
        stream.flush()

    return draw
