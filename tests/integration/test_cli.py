"""The `workbench` command as a user runs it: the installed entry point, in a subprocess."""

import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from workbench import config

REPO = Path(__file__).resolve().parents[2]
SEED_ARTICLE = REPO / "seeds" / "000_0a75df98240e711f.txt"
CLAIM_FIELDS = {
    "id",
    "article_id",
    "text",
    "start",
    "end",
    "score",
    "reasons",
    "speaker",
    "entities",
    "kind",
    "status",
    "rating",
    "group_id",
}


@pytest.fixture
def seeded(run):
    result = run("import", "seeds/")
    assert result.returncode == 0, result.stderr
    return run


def test_import_seeds_then_claims_json_has_the_documented_fields(seeded):
    result = seeded("claims", "--json")
    assert result.returncode == 0
    claims = json.loads(result.stdout)
    assert claims
    assert all(set(claim) >= CLAIM_FIELDS for claim in claims)
    assert all(claim["score"] >= config.DEFAULT_SCORE_THRESHOLD for claim in claims)
    zarif = next(claim for claim in claims if "Zarif on Tuesday said" in claim["text"])
    assert zarif["speaker"] == "Mohammad Javad Zarif"
    assert zarif["status"] == "unchecked" and zarif["rating"] is None


def test_import_summary_and_second_import_says_already_stored(run):
    first = run("import", "seeds/")
    assert "imported 3 articles" in first.stdout
    again = run("import", str(SEED_ARTICLE))
    assert again.returncode == 0
    assert "already stored as article 1" in again.stdout
    assert "imported 0 articles" in again.stdout


def test_failed_files_are_named_and_the_exit_status_says_so(run, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED_ARTICLE, folder / "good.txt")
    (folder / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = run("import", str(folder), str(tmp_path / "notes.xyz"))
    assert result.returncode == 1
    assert f"{folder / 'photo.txt'}: this is a binary file, not text" in result.stderr
    assert "notes.xyz: no such file or folder" in result.stderr
    assert "imported 1 article " in result.stdout
    assert json.loads(run("articles", "--json").stdout)[0]["origin"].endswith("good.txt")


def test_stdin_import_with_metadata(run):
    text = "The unemployment rate fell to 3.5% in May, the lowest level since 1969."
    result = run("import", "-", "--title", "Jobs report", "--outlet", "Wire", stdin=text)
    assert result.returncode == 0, result.stderr
    (article,) = json.loads(run("articles", "--json").stdout)
    assert (article["title"], article["outlet"], article["claim_count"]) == (
        "Jobs report",
        "Wire",
        1,
    )


def test_rate_show_and_history(seeded):
    claims = json.loads(seeded("claims", "--json", "--article", "1").stdout)
    jets = next(claim for claim in claims if claim["text"].startswith("Russian jets"))
    rated = seeded(
        "rate",
        str(jets["id"]),
        "--rating",
        "Mostly True",
        "--status",
        "checked",
        "--source",
        "https://example.org/hamedan",
        "--json",
    )
    assert rated.returncode == 0, rated.stderr
    data = json.loads(rated.stdout)
    assert (data["status"], data["rating"]) == ("checked", "Mostly True")
    assert data["sources"][0]["url"] == "https://example.org/hamedan"
    shown = seeded("show", str(jets["id"]))
    assert "Speaker: -" in shown.stdout and "last summer" in shown.stdout
    assert "Fact-check" in shown.stdout and "Mostly True" in shown.stdout
    history = seeded("history", str(jets["id"])).stdout
    assert "cli-tester" in history and "status: unchecked → checked" in history
    events = json.loads(seeded("history", "--json").stdout)
    edits = [event["field"] for event in events if event["entity"] != "claim" and event["field"]]
    assert edits == ["rating", "status", "source"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("show", "999"), "there is no claim 999"),
        (("rate", "1", "--rating", "Sort of"), "'Sort of' is not a rating"),
        (("claims", "--status", "bogus"), "'bogus' is not a status"),
        (("rate", "1", "--source", "ftp://example.org/x"), "is not a web address"),
    ],
)
def test_user_mistakes_are_one_line_and_exit_1(seeded, args, message):
    result = seeded(*args)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert message in result.stderr


def test_malformed_command_line_exits_2(run):
    result = run("claims", "--min-score", "2")
    assert result.returncode == 2
    assert "not a score from 0 to 1" in result.stderr


def test_all_includes_sentences_below_the_threshold(seeded):
    shown = json.loads(seeded("claims", "--json").stdout)
    everything = json.loads(seeded("claims", "--json", "--all").stdout)
    assert len(everything) > len(shown)
    assert min(claim["score"] for claim in everything) < 0.3


def test_screenshot_opens_the_window_on_the_seeded_desk_and_saves_a_png(run, tmp_path):
    picture = tmp_path / "window.png"
    result = run("--screenshot", str(picture))
    assert result.returncode == 0, result.stderr
    image = QImage(str(picture))
    assert (image.width(), image.height()) >= (1000, 600)
    assert len(json.loads(run("articles", "--json").stdout)) == 3


def test_screenshot_to_an_unwritable_place_fails_clearly(run, tmp_path):
    result = run("--screenshot", str(tmp_path / "missing" / "window.png"))
    assert result.returncode == 1
    assert "could not save the screenshot" in result.stderr


def test_db_option_overrides_the_environment(run, tmp_path):
    other = tmp_path / "other.db"
    assert run("--db", str(other), "import", str(SEED_ARTICLE)).returncode == 0
    assert other.exists()
    assert json.loads(run("articles", "--json").stdout) == []


def test_match_ranks_the_repeated_claim_first(seeded):
    result = seeded(
        "match", "Russian warplanes used an Iranian air base last summer to hit Syria", "--json"
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert 1 <= len(found) <= 5
    assert found[0]["text"].startswith("Russian jets used an air base in Iran")
    assert {"id", "article_id", "text", "relevance", "similarity", "rating"} <= set(found[0])
    assert found[0]["relevance"] >= found[-1]["relevance"]
    plain = seeded("match", "Russian jets", "--top", "1")
    assert plain.stdout.count("\n") == 2 and "Russian jets" in plain.stdout


def test_repeats_lists_claims_seen_twice_and_altered_copies(run, tmp_path):
    jobs = "Unemployment in Riverton fell to 3.1 percent in 2023, the state labour office said."
    (tmp_path / "ledger.txt").write_text(f"Ledger\n\n{jobs}\n", encoding="utf-8")
    (tmp_path / "wire.txt").write_text(f"Wire\n\nOn Monday: {jobs}\n", encoding="utf-8")
    altered = jobs.replace("3.1", "13.1")
    (tmp_path / "post.txt").write_text(f"Post\n\n{altered}\n", encoding="utf-8")
    said = {}
    for name in ("ledger.txt", "wire.txt", "post.txt"):
        imported = run("import", str(tmp_path / name))
        assert imported.returncode == 0, imported.stderr
        said[name] = imported.stdout
    assert "(1 seen before)" in said["wire.txt"]
    assert "(1 altered copy of earlier claims)" in said["post.txt"]
    result = run("repeats", "--json")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    (group,) = found["groups"]
    assert [seen["article_title"] for seen in group["occurrences"]] == ["Ledger", "Wire"]
    (pair,) = found["altered"]
    assert pair["reason"] == "13.1 percent vs 3.1 percent"
    assert "altered copy 2: claim 3 copies claim 1" in run("repeats").stdout


def test_suggestions_are_confirmed_rejected_and_unlinked_from_the_command_line(run, tmp_path):
    wheat = "Exports of wheat rose by 14 percent last year, the ministry said."
    reworded = "Last year wheat exports rose by 14 percent, said the ministry."
    for name, text in (("wire.txt", wheat), ("daily.txt", reworded)):
        (tmp_path / name).write_text(f"{name}\n\n{text}\n", encoding="utf-8")
        assert run("import", str(tmp_path / name)).returncode == 0
    assert run("rate", "1", "--rating", "False").returncode == 0
    listed = run("repeats").stdout
    assert "suggested 1: claim 2 may be claim 1 (False)" in listed
    assert "workbench confirm REPEAT_ID" in listed
    confirmed = run("confirm", "1")
    assert confirmed.returncode == 0, confirmed.stderr
    assert "repeat 1: suggested → confirmed" in confirmed.stdout
    assert "claim 2 is now in fact-check 1 (False)" in confirmed.stdout
    shown = json.loads(run("show", "2", "--json").stdout)
    assert (shown["rating"], shown["suggested"]) == ("False", [])
    assert "nothing to do" in run("confirm", "1").stdout
    unlinked = json.loads(run("unlink", "2", "--json").stdout)
    assert unlinked["states"] == [{"match_id": 1, "before": "confirmed", "after": "rejected"}]
    assert json.loads(run("show", "2", "--json").stdout)["rating"] is None
    missing = run("reject", "42")
    assert missing.returncode != 0
    assert "no suggested repeat 42" in missing.stderr and "Traceback" not in missing.stderr


def test_self_test_runs_every_step_on_its_own_desk_and_leaves_the_users_alone(
    run, cli_env, tmp_path
):
    result = run("--self-test")

    assert result.returncode == 0, result.stdout + result.stderr
    steps = result.stdout.splitlines()[1:-1]
    assert len(steps) == 16 and all(" OK " in line for line in steps)
    assert not Path(cli_env["WORKBENCH_DB"]).exists()
    assert not (tmp_path / "data").exists() and not (tmp_path / "config").exists()
