"""The self-test's report: one line per step, and it stops at the first failure."""

import io

from workbench.selftest import SelfTestError, Step, _other_number, _run_steps


def _fails() -> str:
    raise SelfTestError("the report was empty")


def _crashes() -> str:
    raise KeyError("settings")


def test_each_step_gets_one_line_and_the_first_failure_ends_the_run():
    ran: list[str] = []
    out = io.StringIO()
    steps = [
        Step("first", lambda: ran.append("first") or "fine"),
        Step("second", _fails),
        Step("third", lambda: ran.append("third") or "never"),
    ]

    failed = _run_steps(steps, out)

    assert failed == "second"
    assert ran == ["first"]
    first, second = out.getvalue().splitlines()
    assert first.split()[:2] == ["first", "OK"] and "fine" in first
    assert second.split()[:2] == ["second", "FAILED"] and "the report was empty" in second


def test_an_unexpected_error_is_named_in_its_line_not_raised():
    out = io.StringIO()

    assert _run_steps([Step("settings", _crashes)], out) == "settings"
    assert "FAILED  KeyError: 'settings'" in out.getvalue()


def test_the_altered_copy_changes_one_digit_of_the_number():
    assert _other_number("14 percent") == "24 percent"
    assert _other_number("$4.2 billion") == "$5.2 billion"
    assert _other_number("2019") == "3019"
