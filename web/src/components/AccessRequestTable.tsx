// Staff access requests as a table: when, who (where the reader sees others'), which tenant,
// scope, reason and ticket, duration, state in words with who decided, and the row's actions.
import type { ComponentChildren, JSX } from "preact";
import type { AccessRequest, AccessScope, AccessState, StaffRole } from "../api/types";
import { formatDateTime, type MessageKey, t } from "../i18n";
import { type Column, Table } from "./Table";

export const STATE_WORDS: Record<AccessState, MessageKey> = {
  pending: "staff.state.pending",
  approved: "staff.state.approved",
  expired: "staff.state.expired",
  revoked: "staff.state.revoked",
  denied: "staff.state.denied",
  "expired-pending": "staff.state.expired-pending",
};

export const SCOPE_WORDS: Record<AccessScope, MessageKey> = {
  read: "staff.scope.read",
  write: "staff.scope.write",
};

export const ROLE_WORDS: Record<StaffRole, MessageKey> = {
  engineer: "staff.role.engineer",
  lead: "staff.role.lead",
  security: "staff.role.security",
};

/** Who decided, and how it ends, under the state. */
function stateDetail(request: AccessRequest): string | null {
  const by = request.closed_by_name ?? "";
  switch (request.state) {
    case "approved":
    case "expired":
      return request.ends_at
        ? t("staff.stateDetail.approved", {
            name: request.approver_name ?? "",
            time: formatDateTime(request.ends_at),
          })
        : null;
    case "revoked":
      return t("staff.stateDetail.revoked", { name: by });
    case "denied":
      return t("staff.stateDetail.denied", { name: by, reason: request.closed_reason ?? "" });
    case "pending":
      return request.needs_customer_approval ? t("staff.stateDetail.customer") : null;
    default:
      return null;
  }
}

export function AccessRequestTable(props: {
  caption: string;
  requests: readonly AccessRequest[];
  /** Whose request each row is: for readers who see others' requests. */
  showRequester?: boolean;
  actions?: (request: AccessRequest) => ComponentChildren;
}): JSX.Element {
  const columns: Column<AccessRequest>[] = [
    {
      key: "requested",
      header: t("staff.table.requested"),
      cell: (row) => formatDateTime(row.requested_at),
    },
    ...(props.showRequester
      ? [
          {
            key: "requester",
            header: t("staff.table.requester"),
            cell: (row: AccessRequest) =>
              t("staff.requester", { name: row.staff_name, role: t(ROLE_WORDS[row.staff_role]) }),
          },
        ]
      : []),
    { key: "tenant", header: t("staff.table.tenant"), cell: (row) => <code>{row.tenant_id}</code> },
    { key: "scope", header: t("staff.table.scope"), cell: (row) => t(SCOPE_WORDS[row.scope]) },
    {
      key: "reason",
      header: t("staff.table.reason"),
      cell: (row) => (
        <>
          {row.reason}
          <span class="cell-detail">{row.ticket}</span>
        </>
      ),
    },
    {
      key: "duration",
      header: t("staff.table.duration"),
      numeric: true,
      cell: (row) => t("staff.minutes", { minutes: row.duration_minutes }),
    },
    {
      key: "state",
      header: t("staff.table.state"),
      cell: (row) => {
        const detail = stateDetail(row);
        return (
          <>
            <span class={`state state-${row.state}`} data-state={row.state}>
              {t(STATE_WORDS[row.state])}
            </span>
            {detail && <span class="cell-detail">{detail}</span>}
          </>
        );
      },
    },
  ];
  const actions = props.actions;
  if (actions) {
    columns.push({ key: "actions", header: t("staff.table.actions"), cell: actions });
  }
  return (
    <Table
      caption={props.caption}
      columns={columns}
      rows={props.requests}
      rowKey={(row) => row.request_id}
    />
  );
}
