// What the staff console's screens share: the list of access requests as the API answers it
// for the signed-in member, and revoking a row, its refusal shown in words beside it.
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { ApiError } from "../../api/errors";
import { accessRequests, revokeAccess } from "../../api/staff";
import type { AccessRequest } from "../../api/types";
import { ErrorBanner } from "../../components/ErrorBanner";
import { describeError } from "../../describe-error";
import { t } from "../../i18n";
import { useLoad } from "../../use-load";

export interface AccessRequestList {
  /** null while loading (or after a failure: see `error`). */
  readonly requests: readonly AccessRequest[] | null;
  readonly error: unknown;
  readonly reload: () => void;
  /** Shows a row as an answer of the API has it now (or adds it, first). */
  readonly put: (request: AccessRequest) => void;
}

/** `rows` with `request` in its place, or first when it is new. */
export function putRow(
  rows: readonly AccessRequest[],
  request: AccessRequest,
): readonly AccessRequest[] {
  const found = rows.some((row) => row.request_id === request.request_id);
  return found
    ? rows.map((row) => (row.request_id === request.request_id ? request : row))
    : [request, ...rows];
}

export function useAccessRequests(): AccessRequestList {
  const { value: requests, error, setValue, reload } = useLoad(accessRequests);
  const put = (request: AccessRequest): void => setValue((rows) => putRow(rows ?? [], request));
  return { requests, error, reload, put };
}

/** A decision refused because the request changed meanwhile (409): the list is read again. */
export function isConflict(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409;
}

/**
 * Words said later: kept in a screen's state and spoken at each render, so that they follow
 * the language when the person switches it.
 */
export type Say = () => string;

/** Words for a refused action on a row. */
export function actionProblem(error: unknown): string {
  return isConflict(error) ? t("staff.changedMeanwhile") : describeError(error);
}

/** Revoke a grant, or a request still pending; the refusal in words under it. */
export function RevokeAction(props: {
  request: AccessRequest;
  list: AccessRequestList;
}): JSX.Element | null {
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const { request, list } = props;
  if (request.state !== "pending" && request.state !== "approved") return null;
  const revoke = (): void => {
    setBusy(true);
    setFailure(null);
    revokeAccess(request.request_id).then(
      (answer) => {
        setBusy(false);
        list.put(answer);
      },
      (error: unknown) => {
        setBusy(false);
        setFailure(error);
        if (isConflict(error)) list.reload();
      },
    );
  };
  return (
    <div class="row-actions">
      <button type="button" class="button-secondary" disabled={busy} onClick={revoke}>
        {t("staff.revoke")}
      </button>
      {failure !== null && (
        <p class="field-error" role="alert">
          {actionProblem(failure)}
        </p>
      )}
    </div>
  );
}

/** The list's state: loading, its failure with a retry, nothing yet, or the table. */
export function Listed(props: {
  list: AccessRequestList;
  rows: readonly AccessRequest[] | null;
  none: string;
  children: JSX.Element;
}): JSX.Element {
  if (props.list.error !== null && props.list.requests === null) {
    return <ErrorBanner message={describeError(props.list.error)} onRetry={props.list.reload} />;
  }
  if (props.rows === null) {
    return (
      <p class="loading" role="status">
        {t("app.loading")}
      </p>
    );
  }
  if (props.rows.length === 0) return <p class="empty">{props.none}</p>;
  return props.children;
}
