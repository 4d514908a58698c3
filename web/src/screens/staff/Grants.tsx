// Every request and grant of every member of staff (leads and security read them all), with
// revocation where the grant can still be ended; no approvals here.
import type { JSX } from "preact";
import { AccessRequestTable } from "../../components/AccessRequestTable";
import { t } from "../../i18n";
import { Listed, RevokeAction, useAccessRequests } from "./access";

export function StaffGrants(): JSX.Element {
  const list = useAccessRequests();
  return (
    <section aria-labelledby="staff-grants-title">
      <h1 id="staff-grants-title">{t("staff.grants.title")}</h1>
      <p class="lead">{t("staff.grants.intro")}</p>
      <Listed list={list} rows={list.requests} none={t("staff.grants.none")}>
        <AccessRequestTable
          caption={t("staff.grants.caption")}
          requests={list.requests ?? []}
          showRequester
          actions={(row) => <RevokeAction request={row} list={list} />}
        />
      </Listed>
    </section>
  );
}
