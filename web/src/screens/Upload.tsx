// One upload: its status, the workflow's progress (followed until it finishes), its row
// errors and personal-data findings when rejected, its totals when completed, and (for the
// roles that may) a recalculation with the factor editions now in force.
import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { Upload as UploadRecord, UploadProblem, UploadStatus } from "../api/types";
import { FINISHED, getUpload, recalculate } from "../api/uploads";
import { ErrorBanner } from "../components/ErrorBanner";
import { Progress } from "../components/Progress";
import { Table } from "../components/Table";
import { describeError } from "../describe-error";
import { formatDateTime, formatNumber, type MessageKey, t } from "../i18n";
import type { ScreenProps } from "../routes";
import { Link } from "../router";
import { mayWrite, useMe } from "../session";
import { sizeText } from "../upload-rules";

export const POLL_MILLISECONDS = 1000;

export function uploadPath(uploadId: string): string {
  return `/uploads/${encodeURIComponent(uploadId)}`;
}

/** The upload compared with another edition or GWP set (the Impact screen). */
export function impactPath(uploadId: string): string {
  return `${uploadPath(uploadId)}/impact`;
}

const STATUS_WORDS: Readonly<Record<UploadStatus, MessageKey>> = {
  pending: "upload.statusPending",
  received: "upload.statusReceived",
  validating: "upload.statusValidating",
  calculating: "upload.statusCalculating",
  completed: "upload.statusCompleted",
  rejected: "upload.statusRejected",
  failed: "upload.statusFailed",
  duplicate: "upload.statusDuplicate",
};

/** Where an upload stands, in words: a completed upload another has replaced says so. */
export function statusText(upload: UploadRecord): string {
  if (upload.status === "completed" && upload.replaced_by) return t("upload.statusReplaced");
  return t(STATUS_WORDS[upload.status] ?? "upload.statusReceived");
}

const KIND_WORDS: Readonly<Record<string, MessageKey>> = {
  email: "upload.kindEmail",
  phone: "upload.kindPhone",
  national_id: "upload.kindNationalId",
  payment_card: "upload.kindPaymentCard",
  iban: "upload.kindIban",
};

// Why a file was rejected (the upload's `reason`), in words that say what to do.
const REJECTED_WORDS: Readonly<Record<string, MessageKey>> = {
  invalid_file: "upload.rejectedFile",
  invalid_rows: "upload.rejectedRows",
  personal_data: "upload.rejectedPersonal",
};

/** A rejected upload's problems, apart: row errors, and personal data (never its value). */
export function problemsOf(upload: UploadRecord): {
  rowErrors: readonly UploadProblem[];
  findings: readonly UploadProblem[];
} {
  const all = upload.errors ?? [];
  return {
    rowErrors: all.filter((problem) => problem.kind === undefined),
    findings: all.filter((problem) => problem.kind !== undefined),
  };
}

/** Whether the screen keeps asking: the workflow is running, or a recalculation it started
 * has not been published yet. */
export function stillMoving(upload: UploadRecord, awaited: string | null): boolean {
  if (!FINISHED.has(upload.status)) return upload.status !== "pending";
  return (
    awaited !== null && upload.status === "completed" && upload.current_calculation !== awaited
  );
}

export function Upload(props: ScreenProps): JSX.Element {
  const uploadId = props.params["id"] ?? "";
  const me = useMe();
  const [upload, setUpload] = useState<UploadRecord | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  // The calculation a recalculation started, until the upload publishes it.
  const [awaited, setAwaited] = useState<string | null>(null);
  const [recalculation, setRecalculation] = useState<unknown>(null);

  useEffect(() => {
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = (): void => {
      getUpload(uploadId).then(
        (found) => {
          if (!current) return;
          setUpload(found);
          setError(null);
          if (stillMoving(found, awaited)) timer = setTimeout(ask, POLL_MILLISECONDS);
          else if (awaited !== null) setAwaited(null); // published, or the attempt failed
        },
        (failure: unknown) => current && setError(failure),
      );
    };
    ask();
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [uploadId, attempt, awaited]);

  const recalculateNow = (): void => {
    setRecalculation(null);
    recalculate(uploadId).then(
      (started) => setAwaited(started.calculation_id),
      (failure: unknown) => setRecalculation(failure),
    );
  };

  return (
    <section aria-labelledby="upload-title">
      <p>
        <Link href="/uploads">{t("upload.back")}</Link>
      </p>
      <h1 id="upload-title">{upload ? upload.filename : t("upload.title")}</h1>
      {error !== null && (
        <ErrorBanner message={describeError(error)} onRetry={() => setAttempt(attempt + 1)} />
      )}
      {error === null && upload === null && (
        <p class="loading" role="status">
          {t("app.loading")}
        </p>
      )}
      {upload && (
        <>
          <Facts upload={upload} />
          <Moving upload={upload} recalculating={awaited !== null} />
          {mayWrite(me) && (upload.status === "completed" || upload.status === "failed") && (
            <div class="actions">
              <button type="button" disabled={awaited !== null} onClick={recalculateNow}>
                {t("upload.recalculate")}
              </button>
              <p class="field-hint">{t("upload.recalculateHint")}</p>
            </div>
          )}
          {upload.status === "completed" && upload.current_calculation && (
            <p>
              <Link href={impactPath(uploadId)}>{t("impact.link")}</Link>
            </p>
          )}
          {recalculation !== null && (
            <p class="field-error" role="alert">
              {describeError(recalculation)}
            </p>
          )}
          {upload.status === "rejected" && <Problems upload={upload} />}
        </>
      )}
    </section>
  );
}

function Facts(props: { upload: UploadRecord }): JSX.Element {
  const { upload } = props;
  const tonnes = upload.totals?.co2e_kg;
  return (
    <dl class="facts">
      <div>
        <dt>{t("upload.status")}</dt>
        <dd data-testid="upload-status" data-status={upload.status}>
          {statusText(upload)}
        </dd>
      </div>
      <div>
        <dt>{t("upload.size")}</dt>
        <dd>{sizeText(upload.size)}</dd>
      </div>
      <div>
        <dt>{t("upload.gwp")}</dt>
        <dd>{t("dashboard.gwpOption", { set: upload.gwp_set })}</dd>
      </div>
      <div>
        <dt>{t("upload.uploaded")}</dt>
        <dd>{formatDateTime(upload.created_at)}</dd>
      </div>
      {upload.rows_total !== null && (
        <div>
          <dt>{t("upload.rows")}</dt>
          <dd>{formatNumber(upload.rows_total, 0)}</dd>
        </div>
      )}
      {tonnes !== undefined && upload.status === "completed" && (
        <div>
          <dt>{t("upload.total")}</dt>
          <dd data-testid="upload-total">
            {formatNumber(tonnes / 1000)} {t("dashboard.unit")}
          </dd>
        </div>
      )}
      {upload.status === "failed" && upload.reason && (
        <div>
          <dt>{t("upload.reason")}</dt>
          <dd>{upload.reason}</dd>
        </div>
      )}
      {upload.duplicate_of && (
        <div>
          <dt>{t("upload.duplicateOf")}</dt>
          <dd>
            <Link href={uploadPath(upload.duplicate_of)}>{t("upload.earlierUpload")}</Link>
          </dd>
        </div>
      )}
      {upload.replaces && (
        <div>
          <dt>{t("upload.replaces")}</dt>
          <dd>
            <Link href={uploadPath(upload.replaces)}>{t("upload.earlierUpload")}</Link>
          </dd>
        </div>
      )}
      {upload.replaced_by && (
        <div>
          <dt>{t("upload.replacedBy")}</dt>
          <dd>
            <Link href={uploadPath(upload.replaced_by)}>{t("upload.laterUpload")}</Link>
          </dd>
        </div>
      )}
    </dl>
  );
}

/** What is happening now, in words and as a bar: waiting for the file, or the rows done. */
function Moving(props: { upload: UploadRecord; recalculating: boolean }): JSX.Element | null {
  const { upload } = props;
  if (upload.status === "pending") return <p class="field-hint">{t("upload.waitingForFile")}</p>;
  if (FINISHED.has(upload.status) && !props.recalculating) {
    return upload.status === "duplicate" ? (
      <p class="field-hint">{t("upload.duplicateHint")}</p>
    ) : null;
  }
  const total = upload.rows_total;
  return (
    <div aria-live="polite">
      <Progress
        label={t(props.recalculating ? "upload.recalculating" : "upload.progress")}
        value={upload.rows_done}
        max={total}
        text={
          total === null
            ? t("upload.reading")
            : t("upload.rowsDone", {
                done: formatNumber(upload.rows_done, 0),
                total: formatNumber(total, 0),
              })
        }
      />
    </div>
  );
}

function Problems(props: { upload: UploadRecord }): JSX.Element {
  const { upload } = props;
  const { rowErrors, findings } = problemsOf(upload);
  const shown = rowErrors.length + findings.length;
  const column = (problem: UploadProblem): string => problem.column ?? "–";
  return (
    <div class="problems">
      <p>{t(REJECTED_WORDS[upload.reason ?? ""] ?? "upload.rejectedRows")}</p>
      {shown < upload.error_count && (
        <p class="field-hint">
          {t("upload.firstProblems", {
            shown: formatNumber(shown, 0),
            total: formatNumber(upload.error_count, 0),
          })}
        </p>
      )}
      {findings.length > 0 && (
        <Table
          caption={t("upload.findingsCaption")}
          columns={[
            { key: "row", header: t("upload.row"), numeric: true, cell: (p) => p.row },
            { key: "column", header: t("upload.column"), cell: column },
            {
              key: "kind",
              header: t("upload.kind"),
              cell: (p) => t(KIND_WORDS[p.kind ?? ""] ?? "upload.kindOther"),
            },
          ]}
          rows={findings}
          rowKey={(p) => String(findings.indexOf(p))}
        />
      )}
      {rowErrors.length > 0 && (
        <Table
          caption={t("upload.errorsCaption")}
          columns={[
            { key: "row", header: t("upload.row"), numeric: true, cell: (p) => p.row },
            { key: "column", header: t("upload.column"), cell: column },
            { key: "message", header: t("upload.message"), cell: (p) => p.message ?? "" },
          ]}
          rows={rowErrors}
          rowKey={(p) => String(rowErrors.indexOf(p))}
        />
      )}
    </div>
  );
}
