"""Benchmarks for letter rendering, signing and upload inspection, then the Home Office's pages under load
(`make bench`).

The letter section: (a) the letter pipeline (load, render, sign, store)
against bare WeasyPrint plus bare pyHanko on the same HTML, goal at most
1.15x; (d) a worker's memory over 500 renders, goal flat within 10 MiB.

Every figure is printed as a ratio against a baseline measured in this same
run, so the numbers compare across machines. No database is touched here:
the settings point at an SQLite file in a temporary folder that is never
opened, and the signing pair is made there too. Last, `prescreen.py` (the
pre-screen's recall and precision on its labelled corpus), `upload_memory.py`,
`lists.py`, `agenda_add.py`, `meeting_mode.py`, `dashboard.py` and `letter_worker.py` run,
each in a process of its own: uploads through gunicorn, then the submissions
list, the "Add to the agenda" page, meeting mode and the delay dashboard (10,000 reviews) under load, on Postgres,
then draft letters through a Celery worker on Redis, and last 50 simulated people through mixed
journeys for two minutes (`load.py`, Locust).
See bench/README.md.

The project's modules are imported inside functions: they need
django.setup(), which needs the environment that `configure` sets.
"""

import hashlib
import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LETTER_RUNS = 50  # also the span of the memory comparison
PIPELINE_RUNS = 30  # each of the pipeline and its bare baseline, in alternating turns
WORKER_RENDERS = 500  # (d): renders over which a worker's memory must stay flat
WORKER_WARMUP = 20
WORKER_SAMPLE_EVERY = 50
PIPELINE_GOAL = 1.15
MEMORY_GOAL_MIB = 10
FLOOR_RUNS = 50
SIGN_RUNS = 20
HASH_RUNS = 200
UPLOAD_RUNS = 10
MIB = 1024 * 1024


def configure(folder: Path):
    """Settings for a run that needs no services; call before django.setup()."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "dhrqa.settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["DHRQA_SIGNING_KEY_PATH"] = str(folder / "signing" / "key.pem")
    os.environ["DHRQA_SIGNING_CERT_PATH"] = str(folder / "signing" / "cert.pem")
    os.environ["DHRQA_SIGNING_KEY_PASSPHRASE"] = ""
    # With DEBUG off settings want a secret key; the benchmarks sign nothing that lasts.
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-secret")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))


def bench_rendering(content):
    """Shared font configuration (the project's way) against a fresh one per render."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    from kent_letter import LETTER_DATE, letter_dir, letter_html
    from measure import time_runs
    from panel.pdf import PDF_VARIANT, render_letter_pdf

    html = letter_html(content, final=False)

    def render_shared():
        return render_letter_pdf(content, letter_date=LETTER_DATE, final=False)

    def render_fresh():
        # What the project forbids: a new font configuration (and so a new
        # parsed stylesheet, which is tied to it) for every letter.
        font_config = FontConfiguration()
        stylesheet = weasyprint.CSS(filename=letter_dir() / "letter.css", font_config=font_config)
        document = weasyprint.HTML(string=html, base_url=str(letter_dir()))
        return document.write_pdf(stylesheets=[stylesheet], font_config=font_config, pdf_tags=True,
                                  pdf_variant=PDF_VARIANT)

    floor_font_config = FontConfiguration()

    def render_floor():
        return weasyprint.HTML(string="<p>One paragraph.</p>").write_pdf(font_config=floor_font_config)

    shared_pdf, fresh_pdf = render_shared(), render_fresh()  # warm-up, and a check that both agree
    if abs(len(shared_pdf) - len(fresh_pdf)) > len(shared_pdf) // 100:
        print(f"warning: the baseline letter ({len(fresh_pdf)} bytes) differs from "
              f"render_letter_pdf's ({len(shared_pdf)} bytes): bench/kent_letter.py has drifted")

    shared, shared_growth = _timed_with_memory("letter, shared FontConfiguration", render_shared)
    fresh, fresh_growth = _timed_with_memory("letter, fresh FontConfiguration", render_fresh)
    floor = time_runs("minimal one-paragraph PDF", render_floor, runs=FLOOR_RUNS)
    memory = {shared.name: shared_growth, fresh.name: fresh_growth}
    return shared, fresh, floor, memory


def _timed_with_memory(name, render):
    """Time LETTER_RUNS renders; return the timing and VmRSS growth (KiB) over each half.

    The first half holds one-off growth (caches filling); the second shows
    whether memory keeps climbing with every letter.
    """
    from measure import Timing, rss_kib, time_runs

    start = rss_kib()
    first = time_runs(name, render, runs=LETTER_RUNS // 2, warmup=0)
    middle = rss_kib()
    second = time_runs(name, render, runs=LETTER_RUNS - LETTER_RUNS // 2, warmup=0)
    end = rss_kib()
    return Timing(name, first.seconds + second.seconds), (middle - start, end - middle)


def bench_signing(letter_pdf):
    from measure import time_runs
    from panel.signing import sign_pdf

    def sign():
        return sign_pdf(letter_pdf, signer_name="Christian Papaleontiou", reason="QA Panel letter for KENT-2014-01")

    signing = time_runs(f"sign_pdf, Kent letter ({len(letter_pdf) // 1024} KiB)", sign, runs=SIGN_RUNS)
    hashing = time_runs("sha256 of the letter bytes", lambda: hashlib.sha256(letter_pdf).digest(), runs=HASH_RUNS)
    return signing, hashing


def bench_pipeline(content):
    """(a) The app's letter pipeline against bare WeasyPrint plus bare pyHanko on the same HTML.

    The pipeline is what `sign_letter` does with a letter, less its database
    row: load the content from its stored JSON, render it (panel.pdf: its
    template, long-text preparation, tagged PDF/A-2b), sign it (panel.signing:
    the key loaded once per process, the producer aligned, PDF 1.7 kept),
    store it in private storage and take its SHA-256. The baseline lays out
    the same HTML with the same stylesheet, options and one font
    configuration, then signs with pyHanko's own `sign_pdf` and a signer
    loaded once. Both run in alternating turns, so that load from elsewhere
    falls on both alike.
    """
    import time

    import weasyprint
    from django.conf import settings
    from django.core.files.base import ContentFile
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from weasyprint.text.fonts import FontConfiguration

    from dhrqa.storage import private_storage
    from kent_letter import LETTER_DATE, letter_dir, letter_html
    from measure import Timing
    from panel.models.letters import letter_path
    from panel.pdf import PDF_VARIANT, render_letter_pdf
    from panel.signing import sign_pdf

    stored_content = json.dumps(content)
    storage = private_storage()
    stored = []

    def pipeline():
        loaded = json.loads(stored_content)
        pdf = render_letter_pdf(loaded, letter_date=LETTER_DATE, final=True)
        signed = sign_pdf(pdf, signer_name="Christian Papaleontiou", reason="QA Panel letter for KENT-2014-01")
        stored.append(storage.save(letter_path(None, "signed.pdf"), ContentFile(signed)))
        return hashlib.sha256(signed).hexdigest()

    html = letter_html(content, final=True)
    font_config = FontConfiguration()
    stylesheet = weasyprint.CSS(filename=letter_dir() / "letter.css", font_config=font_config)
    signer = signers.SimpleSigner.load(str(settings.DHRQA_SIGNING_KEY_PATH), str(settings.DHRQA_SIGNING_CERT_PATH))

    def bare():
        pdf = weasyprint.HTML(string=html, base_url=str(letter_dir())).write_pdf(
            stylesheets=[stylesheet], font_config=font_config, pdf_variant=PDF_VARIANT, pdf_tags=True)
        metadata = signers.PdfSignatureMetadata(field_name="Signature", md_algorithm="sha256",
                                                subfilter=fields.SigSeedSubFilter.PADES)
        return signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), metadata, signer=signer).getvalue()

    pipeline(), bare()  # warm-up
    seconds = {"pipeline": [], "bare": []}
    for turn in range(PIPELINE_RUNS * 2):
        name, function = ("pipeline", pipeline) if turn % 2 == 0 else ("bare", bare)
        start = time.perf_counter()
        function()
        seconds[name].append(time.perf_counter() - start)
    for name in stored:
        storage.delete(name)
    return (Timing("bare WeasyPrint + bare pyHanko, same HTML", tuple(seconds["bare"])),
            Timing("letter pipeline: load, render, sign, store", tuple(seconds["pipeline"])))


def bench_worker_memory(content):
    """(d) VmRSS of a process rendering WORKER_RENDERS draft letters, as the render task does, after a warm-up."""
    from kent_letter import LETTER_DATE
    from measure import rss_kib
    from panel.pdf import render_letter_pdf

    for _ in range(WORKER_WARMUP):
        render_letter_pdf(content, letter_date=LETTER_DATE, final=False)
    samples = [rss_kib()]
    for done in range(1, WORKER_RENDERS + 1):
        render_letter_pdf(content, letter_date=LETTER_DATE, final=False)
        if done % WORKER_SAMPLE_EVERY == 0:
            samples.append(rss_kib())
    return samples


def bench_uploads():
    from django.conf import settings

    from measure import time_runs
    from submissions.enums import DocumentKind
    from submissions.inspection import inspect_upload
    from upload_files import docx_upload, pdf_upload, sha256_of_file

    pairs = []
    for label, make in (
        (f"{settings.DHRQA_MAX_UPLOAD_BYTES // MIB} MiB PDF", lambda: pdf_upload(settings.DHRQA_MAX_UPLOAD_BYTES)),
        ("20 MiB DOCX", lambda: docx_upload(20 * MIB)),
    ):
        uploaded = make()
        try:
            expected = sha256_of_file(uploaded)
            found = inspect_upload(uploaded, kind=DocumentKind.OVERVIEW_REPORT, max_bytes=uploaded.size)
            if found.sha256 != expected:
                raise SystemExit(f"inspect_upload hashed the {label} differently from the baseline")
            inspected = time_runs(
                f"inspect_upload, {label}",
                lambda: inspect_upload(uploaded, kind=DocumentKind.OVERVIEW_REPORT, max_bytes=uploaded.size),
                runs=UPLOAD_RUNS,
            )
            hashed = time_runs(f"sha256 of the {label} file", lambda: sha256_of_file(uploaded), runs=UPLOAD_RUNS)
            pairs.append((inspected, hashed))
        finally:
            uploaded.close()  # deletes the temporary file
    return pairs


def main(letters_only=False):
    """Every benchmark; with `letters_only` (`run.py --letters`), the letter benchmarks, which need no services."""
    # The Postgres benchmarks run in processes of their own, with the environment as it was given.
    environment = dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="dhrqa-bench-") as folder:
        configure(Path(folder))
        import django

        django.setup()
        from django.core.management import call_command

        from kent_letter import LETTER_DATE, kent_content
        from measure import Row, print_table
        from panel.pdf import render_letter_pdf

        call_command("create_signing_certificate", stdout=io.StringIO())
        content = kent_content()
        print(f"DHR QA benchmarks: Kent 2014 letter, {len(content['blocks'])} blocks; "
              f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs. Ratio = median / baseline median.")

        shared, fresh, floor, memory = bench_rendering(content)
        final_pdf = render_letter_pdf(content, letter_date=LETTER_DATE, final=True)
        signing, hashing = bench_signing(final_pdf)
        bare, pipeline = bench_pipeline(content)
        worker_memory = bench_worker_memory(content)
        uploads = [] if letters_only else bench_uploads()

        print_table("Letter rendering (panel.pdf.render_letter_pdf, final=False)", [
            Row(floor), Row(fresh, floor), Row(shared, fresh), Row(shared, floor),
        ])
        _print_memory(memory)
        print_table("Signing (panel.signing.sign_pdf on the final letter)", [
            Row(hashing), Row(signing, hashing), Row(signing, shared),
        ])
        print_table(f"(a) The letter pipeline against bare libraries (goal: at most {PIPELINE_GOAL:.2f}x)", [
            Row(bare), Row(pipeline, bare),
        ])
        _print_worker_memory(worker_memory)
        if letters_only:
            return 0
        print_table("Upload inspection (submissions.inspection.inspect_upload, temporary files)",
                    [row for inspected, hashed in uploads for row in (Row(hashed), Row(inspected, hashed))])
    sys.stdout.flush()
    results = []
    for benchmark in ("prescreen.py", "upload_memory.py", "lists.py", "agenda_add.py", "meeting_mode.py",
                      "dashboard.py",
                      "letter_worker.py", "load.py"):
        results.append(subprocess.run([sys.executable, str(ROOT / "bench" / benchmark)], env=environment).returncode)
        print(flush=True)
    return max(results)


def _print_memory(memory):
    half = LETTER_RUNS // 2
    print(f"\nMemory: VmRSS growth over {LETTER_RUNS} renders (after one warm-up each), "
          f"and over the last {LETTER_RUNS - half}, when caches are full")
    for name, (first, second) in memory.items():
        print(f"  {name}: {(first + second) / 1024:+.1f} MiB in all, {second / 1024:+.1f} MiB "
              f"in the last {LETTER_RUNS - half} ({second / (LETTER_RUNS - half):+.0f} KiB per render)")


def _print_worker_memory(samples):
    growth = [(sample - samples[0]) / 1024 for sample in samples]
    spread = (max(samples) - min(samples)) / 1024
    print(f"\n(d) Worker memory over {WORKER_RENDERS} draft renders after {WORKER_WARMUP} to warm up "
          f"(goal: flat within {MEMORY_GOAL_MIB} MiB)")
    print(f"  VmRSS {samples[0] / 1024:.1f} MiB at the start; growth every {WORKER_SAMPLE_EVERY} renders (MiB): "
          + " ".join(f"{value:+.1f}" for value in growth[1:]))
    print(f"  highest minus lowest: {spread:.1f} MiB; {'within' if spread <= MEMORY_GOAL_MIB else 'OVER'} the goal")


if __name__ == "__main__":
    sys.exit(main(letters_only="--letters" in sys.argv[1:]))
