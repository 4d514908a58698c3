// Single sign-on: what to enter at the identity provider (Okta, Entra ID, Ping), and the
// provider's metadata with the attributes and the role new people get. The API checks the
// metadata before keeping it; what it understood is shown for the admin to compare.
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { sectionPath } from "../../admin-sections";
import { ApiError } from "../../api/errors";
import { getSso, saveSso } from "../../api/tenant";
import { type Role, ROLES, type SsoSettings, type SsoView } from "../../api/types";
import { AdminNav } from "../../components/AdminNav";
import { CopyField } from "../../components/CopyField";
import { ErrorBanner, Notice } from "../../components/ErrorBanner";
import { Field } from "../../components/Field";
import { describeError } from "../../describe-error";
import { formatDateTime, t } from "../../i18n";
import { Link } from "../../router";
import { useLoad } from "../../use-load";
import { roleName } from "./Users";

// The API makes no one an admin by signing in: admins are promoted one by one.
const DEFAULT_ROLES: readonly Role[] = ROLES.filter((role) => role !== "admin");

const BLANK: SsoSettings = {
  idp_metadata_xml: "",
  email_attribute: "email",
  name_attribute: "name",
  default_role: "viewer",
  password_login: true,
};

export function Sso(): JSX.Element {
  const [form, setForm] = useState<SsoSettings>(BLANK);
  const {
    value: view,
    error,
    setValue: setView,
    reload,
  } = useLoad(getSso, [], (read) => setForm(read.settings ?? BLANK));
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  const edit = (change: Partial<SsoSettings>): void => {
    setForm({ ...form, ...change });
    setSaved(false);
  };

  const readFile = (event: Event): void => {
    const file = (event.currentTarget as HTMLInputElement).files?.[0];
    if (file) file.text().then((text) => edit({ idp_metadata_xml: text }));
  };

  const save = (event: Event): void => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    setSaved(false);
    saveSso(form)
      .then(
        (stored) => {
          setView(stored);
          setSaved(true);
        },
        (failure: unknown) => setProblem(failure),
      )
      .finally(() => setBusy(false));
  };

  const fields = problem instanceof ApiError ? problem.fields : {};
  const placed = ["idp_metadata_xml", "email_attribute", "name_attribute", "default_role"];
  const unplaced = problem !== null && !placed.some((name) => fields[name]);

  return (
    <section class="admin" aria-labelledby="sso-title">
      <AdminNav />
      <h1 id="sso-title">{t("sso.title")}</h1>
      <p class="lead">{t("sso.intro")}</p>
      {error !== null && <ErrorBanner message={describeError(error)} onRetry={reload} />}
      {error === null && view === null && (
        <p class="loading" role="status">
          {t("app.loading")}
        </p>
      )}
      {view?.warnings.includes("no_verified_domain") && <NoVerifiedDomain />}
      {view && (
        <>
          <div class="admin-panel">
            <h2>{t("sso.forIdp")}</h2>
            <p>{t("sso.forIdpIntro")}</p>
            <CopyField
              label={t("sso.metadataUrl")}
              hint={t("sso.metadataUrlHint")}
              value={view.service_provider.metadata_url}
            />
            <CopyField
              label={t("sso.entityId")}
              hint={t("sso.entityIdHint")}
              value={view.service_provider.entity_id}
            />
            <CopyField
              label={t("sso.acsUrl")}
              hint={t("sso.acsUrlHint")}
              value={view.service_provider.acs_url}
            />
            <CopyField
              label={t("sso.loginUrl")}
              hint={t("sso.loginUrlHint")}
              value={view.service_provider.login_url}
            />
          </div>
          <IdentityProvider view={view} />
          <form class="admin-panel" onSubmit={save}>
            <h2>{t("sso.settingsTitle")}</h2>
            {saved && <Notice message={t("sso.saved")} />}
            {unplaced && <ErrorBanner message={describeError(problem)} />}
            <div class="field">
              <label for="sso-metadata-file">{t("sso.metadataFile")}</label>
              <input
                id="sso-metadata-file"
                type="file"
                accept=".xml,text/xml,application/xml"
                onChange={readFile}
              />
            </div>
            <Field
              label={t("sso.metadataXml")}
              hint={t("sso.metadataXmlHint")}
              name="idp_metadata_xml"
              rows={8}
              value={form.idp_metadata_xml}
              onInput={(value) => edit({ idp_metadata_xml: value })}
              error={fields["idp_metadata_xml"] ?? null}
              required
            />
            <Field
              label={t("sso.emailAttribute")}
              hint={t("sso.emailAttributeHint")}
              name="email_attribute"
              value={form.email_attribute}
              onInput={(value) => edit({ email_attribute: value })}
              error={fields["email_attribute"] ?? null}
              required
            />
            <Field
              label={t("sso.nameAttribute")}
              name="name_attribute"
              value={form.name_attribute}
              onInput={(value) => edit({ name_attribute: value })}
              error={fields["name_attribute"] ?? null}
              required
            />
            <div class="field">
              <label for="sso-default-role">{t("sso.defaultRole")}</label>
              <p class="field-hint" id="sso-default-role-hint">
                {t("sso.defaultRoleHint")}
              </p>
              <select
                id="sso-default-role"
                aria-describedby="sso-default-role-hint"
                value={form.default_role}
                onChange={(event) => edit({ default_role: event.currentTarget.value as Role })}
              >
                {DEFAULT_ROLES.map((role) => (
                  <option key={role} value={role}>
                    {roleName(role)}
                  </option>
                ))}
              </select>
              {fields["default_role"] && <p class="field-error">{fields["default_role"]}</p>}
            </div>
            <div class="field admin-check">
              <input
                id="sso-password-login"
                type="checkbox"
                checked={form.password_login}
                aria-describedby="sso-password-login-hint"
                onChange={(event) => edit({ password_login: event.currentTarget.checked })}
              />
              <label for="sso-password-login">{t("sso.passwordLogin")}</label>
              <p class="field-hint" id="sso-password-login-hint">
                {t("sso.passwordLoginHint")}
              </p>
            </div>
            <button type="submit" disabled={busy}>
              {t("sso.save")}
            </button>
          </form>
        </>
      )}
    </section>
  );
}

/** SSO is on but no domain is verified: the IdP may sign in any address no other
 * organisation holds, and nobody can start from a work e-mail. Verifying the domains ends
 * both, so the notice leads there. */
function NoVerifiedDomain(): JSX.Element {
  return (
    <div class="banner banner-warning" role="status" data-testid="sso-no-verified-domain">
      <p>{t("sso.noVerifiedDomain")}</p>
      <Link href={sectionPath("domains")}>{t("sso.verifyDomains")}</Link>
    </div>
  );
}

function IdentityProvider(props: { view: SsoView }): JSX.Element {
  const idp = props.view.identity_provider;
  if (!props.view.configured || !idp) {
    return <p class="empty">{t("sso.notConfigured")}</p>;
  }
  return (
    <div class="admin-panel" data-testid="identity-provider">
      <h2>{t("sso.understood")}</h2>
      <dl class="admin-facts">
        <div>
          <dt>{t("sso.idpEntityId")}</dt>
          <dd>{idp.entity_id}</dd>
        </div>
        <div>
          <dt>{t("sso.idpSsoUrl")}</dt>
          <dd>{idp.sso_url}</dd>
        </div>
        {idp.signing_certificates.map((certificate) => (
          <div key={certificate.sha256_fingerprint}>
            <dt>{t("sso.certificate", { until: formatDateTime(certificate.not_after) })}</dt>
            <dd>
              <code class="fingerprint">{certificate.sha256_fingerprint}</code>
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
