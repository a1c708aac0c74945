"""Mail composition: texts from mail.yaml in the plan's language, data never template code."""

from __future__ import annotations

import datetime as dt
from email import message_from_bytes, policy

import pytest

from generator.delivery.mail import (
    DEFAULT_MAIL,
    KINDS,
    address,
    compose,
    load_mail_texts,
    parse_sender,
)
from generator.errors import GeneratorError, TemplateError

WHEN = dt.datetime(2020, 10, 1, 9, 0, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize("language", ["zh-Hans", "zh-Hant", "en"])
def test_every_language_has_every_kind(language):
    texts = load_mail_texts(DEFAULT_MAIL, language)

    assert sorted(texts) == sorted(KINDS)


def test_data_is_text_in_both_bodies_and_one_line_in_headers(tmp_path):
    texts = load_mail_texts(DEFAULT_MAIL, "zh-Hans")
    values = {"unit": "<script>alert(1)</script>{organisation}\n第二行", "meeting": "推进会",
              "contact": "张三", "organisation": "办公室", "files": "a.pdf\nb.docx"}
    attachment = tmp_path / "单位任务清单-市局.pdf"
    attachment.write_bytes(b"%PDF-1.4 x")

    message = compose(texts["pack"], values, sender=address("联席办", "office@example.org"),
                      to=[address("张三\n李四", "ipa@example.org")], files=[attachment],
                      message_id="<1@example.org>", when=WHEN)

    parsed = message_from_bytes(bytes(message), policy=policy.default)
    assert "\n" not in parsed["Subject"] and "{organisation} 第二行" in parsed["Subject"]
    assert parsed["To"].addresses[0].display_name == "张三 李四"
    plain = parsed.get_body(("plain",)).get_content()
    html = parsed.get_body(("html",)).get_content()
    assert "<script>alert(1)</script>{organisation}" in plain
    assert "&lt;script&gt;alert(1)&lt;/script&gt;{organisation}<br>" in html
    assert "<script>" not in html
    (part,) = parsed.iter_attachments()
    assert part.get_filename() == "单位任务清单-市局.pdf" and part.get_content() == b"%PDF-1.4 x"


@pytest.mark.parametrize("subject, expected", [
    ("{unit.__class__}", "is not allowed"),
    ("{unit:>99999}", "is not allowed"),
    ("{password}", "is not allowed"),
    ("{unit", "literal braces"),
], ids=["attribute", "format-spec", "unknown", "unclosed"])
def test_a_mail_template_may_only_use_the_placeholders(tmp_path, subject, expected):
    text = DEFAULT_MAIL.read_text(encoding="utf-8")
    custom = tmp_path / "mail.yaml"
    custom.write_text(text.replace('subject: "{meeting}: tasks of {unit}"',
                                   f'subject: "{subject}"'), encoding="utf-8")

    with pytest.raises(TemplateError) as caught:
        load_mail_texts(custom, "en")

    assert expected in str(caught.value) and "en.pack.subject" in str(caught.value)


@pytest.mark.parametrize("value", ["secretariat", "a@b", "x@@example.org", "a b@example.org"])
def test_a_malformed_sender_is_a_clear_error(value):
    with pytest.raises(GeneratorError) as caught:
        parse_sender(value, "Office")

    assert "--from" in str(caught.value)


def test_a_sender_without_a_name_takes_the_organisation():
    sender = parse_sender("office@example.org", "联席会议办公室")

    assert sender.display_name == "联席会议办公室" and sender.addr_spec == "office@example.org"
