"""Issue 24, history: each editors' decision is one git commit holding only its own files,
with a message that names receipt, corporation and decision and holds no personal data."""

from __future__ import annotations

import pytest
from intake_support import GOOD, doc
from publish_support import content_repo, git, make

from conftest import settings_file

pytestmark = pytest.mark.slow  # every test runs make and git in a fresh repository


@pytest.fixture
def editor(tmp_path):
    """A content repository, an inbox and the settings an editor's make commands read."""
    content = content_repo(tmp_path)
    settings = settings_file(tmp_path, PATH=str(content), REGISTER_TODAY="2026-11-28")
    env = {"SETTINGS": str(settings), "INBOX": str(tmp_path / "inbox.sqlite3"), "BY": "redactie"}
    return content, env


def submitted(tmp_path, env) -> str:
    sent = tmp_path / "standpunt.json"
    sent.write_bytes(doc())
    result = make("submit", env, FILE=str(sent))
    assert result.returncode == 0, result.stderr
    return result.stdout.split("Received as ")[1].split(" ")[0]


def test_approve_commits_the_record_alone_and_no_personal_data(editor, tmp_path):
    content, env = editor
    repo = content.parent
    # the editor's own unfinished work: a changed article, and a staged new file
    article = next((content / "articles").rglob("*.md"))
    article.write_text(article.read_text() + "\nHalf af.\n")
    (content / "pages" / "concept.md").write_text("Title: Concept\n\nNog niet af.\n")
    git(repo, "add", "content/pages/concept.md")
    head = git(repo, "rev-parse", "HEAD").strip()

    receipt = submitted(tmp_path, env)
    approved = make("approve", env, ID=receipt)
    assert approved.returncode == 0, approved.stderr
    assert "Committed" in approved.stdout

    assert git(repo, "rev-list", "--count", f"{head}..HEAD").strip() == "1"
    files = git(repo, "show", "--name-only", "--format=", "HEAD").split()
    assert len(files) == 1 and files[0].startswith("content/corporations/domesta/stances/")
    message = git(repo, "log", "-1", "--format=%B")
    assert receipt in message and "domesta" in message and message.startswith("approve ")
    everything = git(repo, "show", "--format=%an %ae %B", "HEAD")
    for value in GOOD["sender"].values():  # name, role, e-mail of the sender
        assert value not in everything
    # the editor's own work is still there, uncommitted, staged as before
    status = git(repo, "status", "--porcelain")
    assert f" M content/articles/{article.relative_to(content / 'articles')}" in status
    assert "A  content/pages/concept.md" in status


def test_verify_and_corporation_commit_their_files_and_reject_commits_nothing(editor, tmp_path):
    content, env = editor
    repo = content.parent
    verified = make("verify", env, ID="domesta/2020-03", HOW="Website bekeken")
    assert verified.returncode == 0, verified.stderr
    assert git(repo, "log", "-1", "--format=%s").startswith("verify domesta/2020-03: domesta")
    assert git(repo, "show", "--name-only", "--format=", "HEAD").split() == [
        "content/corporations/domesta/stances/2020-03.md"
    ]

    created = make("corporation", env, NAME="Wonen Voorbeeld", CONTENT=str(content))
    assert created.returncode == 0, created.stderr
    files = git(repo, "show", "--name-only", "--format=", "HEAD").split()
    assert files and all(f.startswith("content/corporations/wonen-voorbeeld/") for f in files)
    assert git(repo, "log", "-1", "--format=%s").startswith("corporation wonen-voorbeeld")

    count = git(repo, "rev-list", "--count", "HEAD")
    receipt = submitted(tmp_path, env)
    rejected = make("reject", env, ID=receipt, REASON="Gebeld met mevrouw Jansen")
    assert rejected.returncode == 0, rejected.stderr
    assert git(repo, "rev-list", "--count", "HEAD") == count  # it touched no file
    assert git(repo, "status", "--porcelain") == ""


def test_the_setting_turns_the_history_off(tmp_path):
    content = content_repo(tmp_path)
    settings = settings_file(
        tmp_path, PATH=str(content), REGISTER_TODAY="2026-11-28", CONTENT_HISTORY=False
    )
    env = {"SETTINGS": str(settings), "INBOX": str(tmp_path / "inbox.sqlite3")}
    count = git(content.parent, "rev-list", "--count", "HEAD")
    verified = make("verify", env, ID="domesta/2020-03", HOW="Website bekeken")
    assert verified.returncode == 0, verified.stderr
    assert git(content.parent, "rev-list", "--count", "HEAD") == count
    assert "domesta/stances/2020-03.md" in git(content.parent, "status", "--porcelain")
