// Verified domains: claim one, publish the TXT record it answers (copied from here), verify,
// remove; each refusal of the API in words beside the form or the row it concerns.
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { claimDomain, listDomains, removeDomain, verifyDomain } from "../../api/domains";
import { ApiError } from "../../api/errors";
import type { Domain } from "../../api/types";
import { AdminNav } from "../../components/AdminNav";
import { Confirm } from "../../components/Confirm";
import { CopyField } from "../../components/CopyField";
import { ErrorBanner } from "../../components/ErrorBanner";
import { Field } from "../../components/Field";
import { describeError } from "../../describe-error";
import { formatDateTime, t } from "../../i18n";
import { useLoad } from "../../use-load";

/** A refusal about a domain, in words: the API's two conflicts first, then the general ones. */
export function domainProblem(error: unknown): string {
  if (error instanceof ApiError && error.status === 409) {
    if (error.details["reason"] === "record_not_found") return t("domains.recordNotFound");
    if (error.details["reason"] === "held_elsewhere") return t("domains.heldElsewhere");
  }
  if (error instanceof ApiError && error.status === 400 && error.fields["domain"]) {
    return t("domains.invalid");
  }
  return describeError(error);
}

export function Domains(): JSX.Element {
  const { value: domains, error, setValue: setDomains, reload } = useLoad(listDomains);

  const put = (domain: Domain): void =>
    setDomains([...(domains ?? []).filter((each) => each.domain !== domain.domain), domain]);
  const drop = (name: string): void =>
    setDomains((domains ?? []).filter((each) => each.domain !== name));

  return (
    <section class="admin" aria-labelledby="domains-title">
      <AdminNav />
      <h1 id="domains-title">{t("domains.title")}</h1>
      <p class="lead">{t("domains.intro")}</p>
      <ClaimForm onClaimed={put} />
      <h2>{t("domains.listTitle")}</h2>
      {error !== null && <ErrorBanner message={describeError(error)} onRetry={reload} />}
      {error === null && domains === null && (
        <p class="loading" role="status">
          {t("app.loading")}
        </p>
      )}
      {domains !== null && domains.length === 0 && <p>{t("domains.none")}</p>}
      {domains !== null && domains.length > 0 && (
        <div class="domains">
          {domains.map((domain) => (
            <DomainItem key={domain.domain} domain={domain} onChanged={put} onRemoved={drop} />
          ))}
        </div>
      )}
    </section>
  );
}

function ClaimForm(props: { onClaimed: (domain: Domain) => void }): JSX.Element {
  const [domain, setDomain] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);

  const submit = (event: Event): void => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    claimDomain(domain.trim())
      .then(
        (claimed) => {
          setDomain("");
          props.onClaimed(claimed);
        },
        (failure: unknown) => setProblem(failure),
      )
      .finally(() => setBusy(false));
  };

  return (
    <div class="admin-panel">
      <h2>{t("domains.claimTitle")}</h2>
      <form onSubmit={submit} class="invite-form">
        <Field
          label={t("domains.domain")}
          hint={t("domains.domainHint")}
          name="domain"
          autocomplete="off"
          value={domain}
          onInput={setDomain}
          error={problem === null ? null : domainProblem(problem)}
          required
        />
        <button type="submit" disabled={busy}>
          {t("domains.claim")}
        </button>
      </form>
    </div>
  );
}

function DomainItem(props: {
  domain: Domain;
  onChanged: (domain: Domain) => void;
  onRemoved: (name: string) => void;
}): JSX.Element {
  const { domain } = props;
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const verified = domain.status === "verified";
  const headingId = `domain-${domain.domain}`;

  const act = (work: () => Promise<void>): void => {
    setBusy(true);
    setProblem(null);
    work()
      .catch((failure: unknown) => setProblem(failure))
      .finally(() => setBusy(false));
  };

  return (
    <section class="admin-panel" data-domain={domain.domain} aria-labelledby={headingId}>
      <h3 id={headingId}>{domain.domain}</h3>
      <p data-status={domain.status}>
        {verified && domain.verified_at
          ? t("domains.verifiedAt", { at: formatDateTime(domain.verified_at) })
          : t("domains.pending")}
      </p>
      {!verified && (
        <>
          <p class="field-hint">{t("domains.publishHint")}</p>
          <CopyField label={t("domains.recordName")} value={domain.record_name} />
          <CopyField label={t("domains.recordValue")} value={domain.record_value} />
        </>
      )}
      <div class="actions">
        {!verified && (
          <button
            type="button"
            disabled={busy}
            onClick={() => act(async () => props.onChanged(await verifyDomain(domain.domain)))}
          >
            {t("domains.verify")}
          </button>
        )}
        {!confirming && (
          <button
            type="button"
            class="button-secondary"
            disabled={busy}
            onClick={() => setConfirming(true)}
          >
            {t("domains.remove")}
          </button>
        )}
      </div>
      {confirming && (
        <Confirm
          label={t("domains.confirmLabel")}
          question={t("domains.confirmRemove", { domain: domain.domain })}
          action={t("domains.remove")}
          keep={t("domains.keep")}
          busy={busy}
          onConfirm={() =>
            act(async () => {
              await removeDomain(domain.domain);
              props.onRemoved(domain.domain);
            })
          }
          onKeep={() => setConfirming(false)}
        />
      )}
      {problem !== null && (
        <p class="field-error" role="alert">
          {domainProblem(problem)}
        </p>
      )}
    </section>
  );
}
