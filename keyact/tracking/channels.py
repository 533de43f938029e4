"""Group robots of WeCom, DingTalk and Feishu: the request each one expects, signed its way,
and the call. Signing is pure (tested against fixed vectors); sending is plain HTTP.

- WeCom (企业微信群机器人): the webhook URL carries the robot's key; no signature.
- DingTalk (钉钉自定义机器人, 加签): ``timestamp`` in milliseconds and
  ``sign = urlencode(base64(HMAC-SHA256(key=secret, msg=f"{timestamp}\\n{secret}")))`` added
  to the URL's query.
- Feishu (飞书自定义机器人, 签名校验): ``timestamp`` in seconds and
  ``sign = base64(HMAC-SHA256(key=f"{timestamp}\\n{secret}", msg=b""))`` in the JSON body.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

TIMEOUT_S = 10


class DeliveryError(Exception):
    """The robot or mail server refused or could not be reached."""


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk's signature of a millisecond timestamp (base64, not yet URL-encoded)."""
    digest = hmac.new(
        secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256
    ).digest()
    return base64.b64encode(digest).decode()


def feishu_sign(secret: str, timestamp_s: int) -> str:
    """Feishu's signature of a timestamp in seconds."""
    digest = hmac.new(f"{timestamp_s}\n{secret}".encode(), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def robot_request(
    kind: str, url: str, secret: str, text: str, now_s: float
) -> tuple[str, dict[str, Any]]:
    """The URL to post to and the JSON body for one text message."""
    if kind == "dingtalk":
        body: dict[str, Any] = {"msgtype": "text", "text": {"content": text}}
        if secret:
            timestamp = int(now_s * 1000)
            query = urllib.parse.urlencode(
                {"timestamp": timestamp, "sign": dingtalk_sign(secret, timestamp)}
            )
            url = f"{url}{'&' if '?' in url else '?'}{query}"
        return url, body
    if kind == "feishu":
        body = {"msg_type": "text", "content": {"text": text}}
        if secret:
            timestamp = int(now_s)
            body = {"timestamp": str(timestamp), "sign": feishu_sign(secret, timestamp), **body}
        return url, body
    if kind == "wecom":
        return url, {"msgtype": "text", "text": {"content": text}}
    raise ValueError(f"unknown robot {kind!r}")


def robot_send(kind: str, url: str, secret: str, text: str, now_s: float) -> None:
    """Post one message; DeliveryError unless the robot answers success."""
    target, body = robot_request(kind, url, secret, text, now_s)
    if urllib.parse.urlsplit(target).scheme not in ("http", "https"):
        raise DeliveryError("The webhook URL must start with http:// or https://.")
    request = urllib.request.Request(
        target,
        data=json.dumps(body, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            answer = json.loads(response.read() or b"{}")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise DeliveryError(str(exc)[:400]) from exc
    code = answer.get("errcode", answer.get("code", answer.get("StatusCode", 0)))
    if code not in (0, "0", None):
        message = answer.get("errmsg") or answer.get("msg") or answer.get("StatusMessage") or ""
        raise DeliveryError(f"{kind} answered {code}: {message}"[:400])
