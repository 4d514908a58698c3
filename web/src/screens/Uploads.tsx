// Uploads: the tenant's uploads, newest first, and (for the roles that may) handing a file
// over: checked in the browser, hashed when small enough for the API to name a duplicate
// before any transfer, then a presigned PUT with its progress. The workflow's progress is
// followed on the upload's own screen.
import type { JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import {
  askToUpload,
  isPresigned,
  listUploads,
  type PresignAsk,
  sha256Of,
  transfer,
  TransferRefused,
} from "../api/uploads";
import { GWP_SETS, type EarlierUpload, type GwpSet, type Upload } from "../api/types";
import { ErrorBanner } from "../components/ErrorBanner";
import { FileDrop } from "../components/FileDrop";
import { Progress } from "../components/Progress";
import { type Column, Table } from "../components/Table";
import { describeError } from "../describe-error";
import { formatDateTime, formatNumber, t } from "../i18n";
import { Link, navigate } from "../router";
import { mayWrite, useMe } from "../session";
import { ACCEPTED, contentTypeOf, HASHED_UP_TO_BYTES, refusalOf, sizeText } from "../upload-rules";
import { impactPath, statusText, uploadPath } from "./Upload";
import csvTemplate from "../../../layers/footprint/footprint/data/templates/activity-template.csv?url";
import xlsxTemplate from "../../../layers/footprint/footprint/data/templates/activity-template.xlsx?url";

export function Uploads(): JSX.Element {
  const me = useMe();
  const [uploads, setUploads] = useState<readonly Upload[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    setError(null);
    listUploads().then(
      (page) => {
        if (!current) return;
        setUploads(page.uploads);
        setCursor(page.next_cursor ?? null);
      },
      (failure: unknown) => current && setError(failure),
    );
    return () => {
      current = false;
    };
  }, [attempt]);

  const more = (): void => {
    if (!cursor) return;
    listUploads(cursor).then(
      (page) => {
        setUploads([...(uploads ?? []), ...page.uploads]);
        setCursor(page.next_cursor ?? null);
      },
      (failure: unknown) => setError(failure),
    );
  };

  return (
    <section aria-labelledby="uploads-title">
      <h1 id="uploads-title">{t("uploads.title")}</h1>
      <p class="lead">{t("uploads.intro")}</p>
      {mayWrite(me) && <UploadPanel />}
      <h2>{t("uploads.listTitle")}</h2>
      {error !== null && (
        <ErrorBanner message={describeError(error)} onRetry={() => setAttempt(attempt + 1)} />
      )}
      {error === null && uploads === null && (
        <p class="loading" role="status">
          {t("app.loading")}
        </p>
      )}
      {uploads !== null && uploads.length === 0 && <p class="empty">{t("uploads.none")}</p>}
      {uploads !== null && uploads.length > 0 && (
        <Table
          caption={t("uploads.listCaption")}
          columns={columns()}
          rows={uploads}
          rowKey={(upload) => upload.upload_id}
        />
      )}
      {cursor && (
        <p>
          <button type="button" class="button-secondary" onClick={more}>
            {t("uploads.more")}
          </button>
        </p>
      )}
    </section>
  );
}

function columns(): readonly Column<Upload>[] {
  return [
    {
      key: "file",
      header: t("uploads.columnFile"),
      cell: (upload) => <Link href={uploadPath(upload.upload_id)}>{upload.filename}</Link>,
    },
    {
      key: "status",
      header: t("uploads.columnStatus"),
      cell: (upload) => <span data-status={upload.status}>{statusText(upload)}</span>,
    },
    {
      key: "rows",
      header: t("uploads.columnRows"),
      numeric: true,
      cell: (upload) =>
        upload.rows_total === null
          ? "–"
          : t("uploads.rowsOf", {
              done: formatNumber(upload.rows_done, 0),
              total: formatNumber(upload.rows_total, 0),
            }),
    },
    {
      key: "errors",
      header: t("uploads.columnErrors"),
      numeric: true,
      cell: (upload) => formatNumber(upload.error_count, 0),
    },
    {
      key: "uploaded",
      header: t("uploads.columnUploaded"),
      cell: (upload) => formatDateTime(upload.created_at),
    },
    {
      key: "impact",
      header: t("impact.column"),
      cell: (upload) =>
        upload.status === "completed" && upload.current_calculation ? (
          <Link href={impactPath(upload.upload_id)}>
            {t("impact.compareShort")}
            <span class="visually-hidden">{upload.filename}</span>
          </Link>
        ) : (
          "–"
        ),
    },
  ];
}

type Step =
  | { readonly kind: "idle" }
  | { readonly kind: "refused"; readonly message: string }
  | { readonly kind: "hashing" | "asking"; readonly file: File }
  | { readonly kind: "sending"; readonly file: File; readonly sent: number; readonly total: number }
  | { readonly kind: "duplicate"; readonly file: File; readonly earlier: EarlierUpload }
  | { readonly kind: "failed"; readonly message: string; readonly retry: () => void };

/** Words for a failed hand-over: the storage's refusal, or the API's error. */
function failureText(error: unknown): string {
  if (error instanceof TransferRefused)
    return t("uploads.transferRefused", { status: error.status });
  return describeError(error);
}

function UploadPanel(): JSX.Element {
  const [step, setStep] = useState<Step>({ kind: "idle" });
  const [gwp, setGwp] = useState<GwpSet>("AR5");
  const [replace, setReplace] = useState(false);
  const stop = useRef<AbortController | null>(null);
  useEffect(() => () => stop.current?.abort(), []);

  // One Idempotency-Key per request: retrying after a failure sends the same one, so the API
  // answers with the upload the first attempt made instead of making a second.
  const send = async (file: File, replacing: boolean, key: string): Promise<void> => {
    const controller = new AbortController();
    stop.current = controller;
    try {
      let sha256: string | undefined;
      if (file.size <= HASHED_UP_TO_BYTES) {
        setStep({ kind: "hashing", file });
        sha256 = await sha256Of(file);
      }
      setStep({ kind: "asking", file });
      const ask: PresignAsk = {
        filename: file.name,
        content_type: contentTypeOf(file.name) ?? "application/octet-stream",
        size: file.size,
        gwp_set: gwp,
        replace: replacing,
        ...(sha256 ? { sha256 } : {}),
      };
      const answer = await askToUpload(ask, key);
      if (controller.signal.aborted) return;
      if (!isPresigned(answer)) {
        if (answer.duplicate) setStep({ kind: "duplicate", file, earlier: answer });
        else navigate(uploadPath(answer.upload_id));
        return;
      }
      setStep({ kind: "sending", file, sent: 0, total: file.size });
      await transfer(
        answer,
        file,
        (sent, total) => setStep({ kind: "sending", file, sent, total }),
        controller.signal,
      );
      navigate(uploadPath(answer.upload_id));
    } catch (error) {
      if (controller.signal.aborted) return;
      setStep({
        kind: "failed",
        message: failureText(error),
        retry: () => void send(file, replacing, key),
      });
    }
  };

  const choose = (file: File): void => {
    const refusal = refusalOf(file);
    if (refusal) {
      setStep({
        kind: "refused",
        message: t(refusal, { name: file.name, size: sizeText(file.size) }),
      });
      return;
    }
    void send(file, replace, crypto.randomUUID());
  };

  const busy = step.kind === "hashing" || step.kind === "asking" || step.kind === "sending";
  return (
    <section class="panel" aria-labelledby="upload-panel-title">
      <h2 id="upload-panel-title">{t("uploads.panelTitle")}</h2>
      <form class="upload-form" onSubmit={(event) => event.preventDefault()}>
        <FileDrop
          label={t("uploads.choose")}
          hint={t("uploads.chooseHint")}
          accept={ACCEPTED}
          disabled={busy}
          onFile={choose}
        />
        <div class="upload-options">
          <div class="field">
            <label for="upload-gwp">{t("uploads.gwp")}</label>
            <select
              id="upload-gwp"
              value={gwp}
              disabled={busy}
              onChange={(event) => setGwp(event.currentTarget.value as GwpSet)}
            >
              {GWP_SETS.map((set) => (
                <option key={set} value={set}>
                  {t("dashboard.gwpOption", { set })}
                </option>
              ))}
            </select>
          </div>
          <div class="field field-check">
            <input
              id="upload-replace"
              type="checkbox"
              checked={replace}
              disabled={busy}
              aria-describedby="upload-replace-hint"
              onChange={(event) => setReplace(event.currentTarget.checked)}
            />
            <label for="upload-replace">{t("uploads.replace")}</label>
            <p id="upload-replace-hint" class="field-hint">
              {t("uploads.replaceHint")}
            </p>
          </div>
        </div>
      </form>
      <StepShown step={step} onReplace={(file) => void send(file, true, crypto.randomUUID())} />
      <p class="templates">
        {t("uploads.templates")}{" "}
        <a href={csvTemplate} download="activity-template.csv">
          {t("uploads.templateCsv")}
        </a>{" "}
        <a href={xlsxTemplate} download="activity-template.xlsx">
          {t("uploads.templateXlsx")}
        </a>
      </p>
    </section>
  );
}

function StepShown(props: { step: Step; onReplace: (file: File) => void }): JSX.Element | null {
  const { step } = props;
  switch (step.kind) {
    case "idle":
      return null;
    case "refused":
      return (
        <p class="field-error" role="alert" data-testid="upload-refused">
          {step.message}
        </p>
      );
    case "hashing":
    case "asking":
      return (
        <p class="loading" role="status">
          {t(step.kind === "hashing" ? "uploads.hashing" : "uploads.asking", {
            name: step.file.name,
          })}
        </p>
      );
    case "sending":
      return (
        <Progress
          label={t("uploads.sending", { name: step.file.name })}
          value={step.sent}
          max={step.total}
          text={t("uploads.sent", {
            sent: sizeText(step.sent),
            total: sizeText(step.total),
            percent: formatNumber((100 * step.sent) / Math.max(step.total, 1), 0),
          })}
        />
      );
    case "duplicate":
      return (
        <div class="banner banner-info" role="status" data-testid="upload-duplicate">
          <p>
            {t("uploads.duplicate", { name: step.file.name })}{" "}
            <Link href={uploadPath(step.earlier.upload_id)}>{t("uploads.duplicateSee")}</Link>
          </p>
          <button type="button" class="button-secondary" onClick={() => props.onReplace(step.file)}>
            {t("uploads.duplicateReplace")}
          </button>
        </div>
      );
    case "failed":
      return <ErrorBanner message={step.message} onRetry={step.retry} />;
  }
}
