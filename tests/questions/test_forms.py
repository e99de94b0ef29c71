"""An issue form that applies an approval label would let anyone publish their own question: `openbook check` says so.

GitHub applies a form's labels for whoever submits it, so an approval label
(questions.approval_labels) must be one no form applies. Tested on a hub made by
`openbook new` and through the gate (`openbook check --base main`) on a branch.
"""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURE_NOW
from gitrepo import GitRepo
from openbook import cli
from openbook.questions import forms

FORM = ".github/ISSUE_TEMPLATE/question.yml"


def errors(capsys) -> list[dict]:
    return [f for f in json.loads(capsys.readouterr().out)["findings"] if f["rule"] == forms.RULE]


def test_labels_are_read_as_a_list_or_a_comma_separated_string_with_their_lines():
    assert forms.applied_labels("name: Q\nlabels:\n  - question\n  - approved\n") == [("question", 3), ("approved", 4)]
    assert forms.applied_labels("name: Q\nlabels: question, Approved\nbody: []\n") == [("question", 2), ("Approved", 2)]
    # Text that is no form (or no YAML) applies nothing, and is GitHub's to refuse.
    assert forms.applied_labels("labels: [unclosed\n") == []
    assert forms.applied_labels("- a list\n") == []


def test_a_new_hubs_form_that_applies_the_approval_label_fails_the_check_on_its_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXTURE_NOW)
    hub = tmp_path / "acme"
    assert cli.main(["new", str(hub), "--company", "Acme Tools Ltd", "--repo", "acme-tools/open-book"]) == cli.EXIT_OK
    form = hub / FORM
    lines = form.read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.startswith("labels:"))
    lines[line - 1] = "labels: question, APPROVED"
    form.write_text("\n".join(lines) + "\n", encoding="utf-8")
    capsys.readouterr()

    code = cli.main(["check", "-f", str(hub / "mkdocs.yml"), "--format", "json"])

    [error] = errors(capsys)
    assert code == cli.EXIT_FAILED
    assert (error["level"], error["file"], error["line"]) == ("error", FORM, line)
    assert "applies the label 'APPROVED'" in error["message"] and "Remove it from the form's labels" in error["message"]


@pytest.fixture
def branch(copy_hub, monkeypatch) -> GitRepo:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXTURE_NOW)
    repo = GitRepo.hub(copy_hub)
    repo.branch("proposal")
    return repo


def check_base(hub: GitRepo, capsys) -> tuple[int, list[dict]]:
    code = cli.main(["check", "-f", str(hub.config_file), "--base", "main", "--format", "json"])
    return code, json.loads(capsys.readouterr().out)["findings"]


def test_a_pull_request_that_adds_the_approval_label_to_a_form_fails_the_gate_on_its_line(branch, capsys):
    text = branch.read(FORM)
    assert "labels: [question]" in text
    branch.replace(FORM, "labels: [question]", "labels:\n  - question\n  - Approved")
    branch.commit("Label questions for triage")
    line = branch.read(FORM).splitlines().index("  - Approved") + 1

    code, findings = check_base(branch, capsys)

    [error] = [f for f in findings if f["rule"] == forms.RULE]
    assert code == cli.EXIT_FAILED
    assert (error["level"], error["file"], error["line"]) == ("error", FORM, line)
    # The form is still reported as the code change it is, for a maintainer.
    assert any(f["rule"] == "contribution.code" and f["file"] == FORM for f in findings)


def test_a_pull_request_that_edits_a_form_without_an_approval_label_passes_the_gate(branch, capsys):
    branch.replace(FORM, "labels: [question]", "labels: [question, billing]")
    branch.commit("File questions under billing")

    code, findings = check_base(branch, capsys)

    assert [f for f in findings if f["rule"] == forms.RULE] == []
    assert code == cli.EXIT_OK, findings


def test_a_markdown_issue_template_that_applies_the_approval_label_fails_the_gate(branch, capsys):
    # GitHub applies a Markdown template's front-matter `labels:` for whoever submits it, as it does a form's.
    template = ".github/ISSUE_TEMPLATE/quick-question.md"
    branch.write(template, "---\nname: Quick question\nabout: Ask us\ntitle: ''\nlabels: question, approved\n"
                           "assignees: ''\n---\n\nWhat would you like to know?\n")
    branch.commit("A quicker way to ask")

    code, findings = check_base(branch, capsys)

    [error] = [f for f in findings if f["rule"] == forms.RULE]
    assert code == cli.EXIT_FAILED
    assert (error["file"], error["line"]) == (template, 5)


def test_labels_of_a_form_followed_by_another_yaml_document_are_read():
    # A loader that reads one document (Ruby's Psych.load) takes the first and ignores the rest.
    assert forms.applied_labels("name: Q\nlabels: [approved]\n---\nname: other\n") == [("approved", 2)]
    assert forms.applied_labels("name: Q\nlabels: [approved]\n---\n: [broken\n") == [("approved", 2)]


def test_labels_given_through_a_merge_key_are_read():
    assert forms.applied_labels("base: &b\n  labels: [approved]\n<<: *b\nname: Q\n") == [("approved", 2)]


def test_a_form_that_hides_the_approval_label_before_a_second_document_fails_the_gate(branch, capsys):
    branch.replace(FORM, "labels: [question]", "labels: [question, approved]")
    branch.write(FORM, branch.read(FORM) + "---\nnotes: the form ends above\n")
    branch.commit("Notes on the question form")

    code, findings = check_base(branch, capsys)

    [error] = [f for f in findings if f["rule"] == forms.RULE]
    assert code == cli.EXIT_FAILED and error["file"] == FORM
