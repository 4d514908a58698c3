"""Access tokens: RS256 only, our key only, and every claim checked."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Callable

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from footprint.domain.auth import tokens

NOW = 1_800_000_000.0
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OTHER = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _signer(key: rsa.RSAPrivateKey) -> Callable[[bytes], bytes]:
    return lambda message: key.sign(message, padding.PKCS1v15(), hashes.SHA256())


def _issue(key: rsa.RSAPrivateKey = KEY, **overrides: str | int) -> str:
    arguments = {
        "key_id": "k1",
        "issuer": "https://footprint/dev",
        "audience": "footprint-api",
        "tenant_id": "t-one",
        "user_id": "u-one",
        "role": "admin",
        "session_id": "s-one",
        **overrides,
    }
    token, _ = tokens.issue(signer=_signer(key), now=NOW, **arguments)  # type: ignore[arg-type]
    return token


def _verify(token: str, now: float = NOW + 1) -> tokens.AccessClaims:
    return tokens.verify(
        token,
        public_key=KEY.public_key(),
        key_id="k1",
        issuer="https://footprint/dev",
        audience="footprint-api",
        now=now,
    )


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _forge(header: dict[str, object], claims: dict[str, object], signature: bytes = b"") -> str:
    return (
        f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}.{_b64(signature)}"
    )


def _claims(token: str) -> dict[str, object]:
    part = token.split(".")[1]
    value: dict[str, object] = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    return value


def test_a_valid_token_gives_its_claims() -> None:
    claims = _verify(_issue())
    assert (claims.tenant_id, claims.user_id, claims.role, claims.session_id) == (
        "t-one",
        "u-one",
        "admin",
        "s-one",
    )
    assert claims.expires_at - NOW == tokens.ACCESS_TOKEN_SECONDS <= 900


def test_expired_and_future_tokens_are_refused() -> None:
    token = _issue()
    with pytest.raises(tokens.InvalidToken, match="expired"):
        _verify(token, now=NOW + tokens.ACCESS_TOKEN_SECONDS)
    with pytest.raises(tokens.InvalidToken, match="not yet"):
        _verify(token, now=NOW - 120)


def test_a_shorter_lifetime_expires_sooner_and_a_longer_one_is_refused() -> None:
    short = _issue(lifetime=20)
    assert _verify(short).expires_at == NOW + 20
    with pytest.raises(tokens.InvalidToken, match="expired"):
        _verify(short, now=NOW + 20)
    with pytest.raises(ValueError, match="1 to 600"):
        _issue(lifetime=tokens.ACCESS_TOKEN_SECONDS + 1)


@pytest.mark.parametrize(
    ("override", "reason"),
    [
        ({"issuer": "https://evil"}, "issuer"),
        ({"audience": "other-api"}, "audience"),
        ({"key_id": "k2"}, "key"),
    ],
)
def test_wrong_issuer_audience_or_key_id_is_refused(override: dict[str, str], reason: str) -> None:
    with pytest.raises(tokens.InvalidToken, match=reason):
        _verify(_issue(**override))


def test_a_token_signed_by_another_key_is_refused() -> None:
    with pytest.raises(tokens.InvalidToken, match="signature"):
        _verify(_issue(key=OTHER))


def test_changed_claims_break_the_signature() -> None:
    header, _, signature = _issue().split(".")
    claims = _claims(_issue())
    claims["tenant_id"] = "t-two"
    forged = f"{header}.{_b64(json.dumps(claims).encode())}.{signature}"
    with pytest.raises(tokens.InvalidToken, match="signature"):
        _verify(forged)


def test_alg_none_is_refused() -> None:
    claims = _claims(_issue())
    with pytest.raises(tokens.InvalidToken, match="algorithm"):
        _verify(_forge({"alg": "none", "typ": "JWT", "kid": "k1"}, claims))


def test_hmac_with_the_public_key_is_refused() -> None:
    # The classic confusion: HS256 keyed with the RSA public key a verifier might hold.
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    claims = _claims(_issue())
    header = {"alg": "HS256", "typ": "JWT", "kid": "k1"}
    pem = KEY.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}"
    mac = hmac.new(pem, signing_input.encode(), hashlib.sha256).digest()
    with pytest.raises(tokens.InvalidToken, match="algorithm"):
        _verify(f"{signing_input}.{_b64(mac)}")


def test_a_token_of_another_use_is_refused() -> None:
    claims = _claims(_issue())
    claims["token_use"] = "refresh"
    header = {"alg": "RS256", "typ": "JWT", "kid": "k1"}
    signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}"
    signature = _signer(KEY)(signing_input.encode())
    with pytest.raises(tokens.InvalidToken, match="use"):
        _verify(f"{signing_input}.{_b64(signature)}")


@pytest.mark.parametrize("garbage", ["", "a.b", "a.b.c.d", "!!!.???.###", "x" * 5000])
def test_garbage_is_refused(garbage: str) -> None:
    with pytest.raises(tokens.InvalidToken):
        _verify(garbage)


def _signed(claims: dict[str, object]) -> str:
    header = {"alg": "RS256", "typ": "JWT", "kid": "k1"}
    signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}"
    return f"{signing_input}.{_b64(_signer(KEY)(signing_input.encode()))}"


def _staff_token() -> str:
    token, lifetime = tokens.issue(
        signer=_signer(KEY),
        key_id="k1",
        issuer="https://footprint/dev",
        audience="footprint-staff",
        tenant_id=None,
        user_id="st-one",
        role="lead",
        session_id="s-one",
        realm=tokens.Realm.STAFF,
        now=NOW,
    )
    assert lifetime == tokens.STAFF_ACCESS_TOKEN_SECONDS == 900
    return token


def _verify_staff(token: str, now: float = NOW + 1) -> tokens.AccessClaims:
    return tokens.verify(
        token,
        public_key=KEY.public_key(),
        key_id="k1",
        issuer="https://footprint/dev",
        audience="footprint-staff",
        realm=tokens.Realm.STAFF,
        now=now,
    )


def test_a_staff_token_names_its_realm_and_no_tenant() -> None:
    token = _staff_token()
    assert tokens.unverified_audience(token) == "footprint-staff"
    claims = _verify_staff(token)
    assert (claims.realm, claims.tenant_id, claims.user_id, claims.role) == (
        tokens.Realm.STAFF,
        "",
        "st-one",
        "lead",
    )
    with pytest.raises(tokens.InvalidToken, match="expired"):
        _verify_staff(token, now=NOW + 900)


def test_a_token_of_one_realm_is_refused_in_the_other() -> None:
    with pytest.raises(tokens.InvalidToken, match="audience"):
        _verify(_staff_token())
    with pytest.raises(tokens.InvalidToken, match="audience"):
        _verify_staff(_issue())
    # The realm claim must agree with the audience it came for, both ways.
    staff_claims = _claims(_staff_token())
    staff_claims["aud"] = "footprint-api"
    with pytest.raises(tokens.InvalidToken, match="realm"):
        _verify(_signed(staff_claims))
    tenant_claims = _claims(_issue())
    tenant_claims["aud"] = "footprint-staff"
    with pytest.raises(tokens.InvalidToken, match="realm"):
        _verify_staff(_signed(tenant_claims))


def test_a_staff_token_naming_a_tenant_is_refused() -> None:
    claims = _claims(_staff_token())
    claims["tenant_id"] = "t-one"
    with pytest.raises(tokens.InvalidToken, match="no tenant"):
        _verify_staff(_signed(claims))
    with pytest.raises(ValueError, match="a staff token none"):
        tokens.issue(
            signer=_signer(KEY),
            key_id="k1",
            issuer="https://footprint/dev",
            audience="footprint-staff",
            tenant_id="t-one",
            user_id="st-one",
            role="lead",
            session_id="s-one",
            realm=tokens.Realm.STAFF,
        )
