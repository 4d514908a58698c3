// A user's privacy actions for an admin: export their personal data; erase a disabled user,
// confirmed by typing the person's e-mail.
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import type { User } from "../api/types";
import { eraseUser, personalData, personalDataFile } from "../api/privacy";
import { describeError } from "../describe-error";
import { t } from "../i18n";
import { saveFile } from "../save-file";

export function UserPrivacyActions(props: {
  user: User;
  onErased: (userId: string) => void;
}): JSX.Element {
  const { user } = props;
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState("");
  const [problem, setProblem] = useState<string | null>(null);

  const act = (work: () => Promise<void>): void => {
    setBusy(true);
    setProblem(null);
    work()
      .catch((failure: unknown) => setProblem(describeError(failure)))
      .finally(() => setBusy(false));
  };
  const download = (): void =>
    act(async () =>
      saveFile(
        personalDataFile(await personalData(user.user_id)),
        `personal-data-${user.user_id}.json`,
      ),
    );
  const erase = (event: Event): void => {
    event.preventDefault();
    act(async () => {
      await eraseUser(user.user_id);
      props.onErased(user.user_id);
    });
  };

  const confirmId = `erase-confirm-${user.user_id}`;
  return (
    <div class="privacy-actions">
      <div class="row-actions">
        <button type="button" class="button-secondary" disabled={busy} onClick={download}>
          {t("privacy.export")}
        </button>
        {user.status === "disabled" && !confirming && (
          <button
            type="button"
            class="button-secondary"
            disabled={busy}
            onClick={() => setConfirming(true)}
          >
            {t("privacy.erase")}
          </button>
        )}
      </div>
      {confirming && (
        <form class="confirm" onSubmit={erase} aria-label={t("privacy.eraseLabel")}>
          <p>{t("privacy.eraseWarning", { email: user.email })}</p>
          <label for={confirmId}>{t("privacy.eraseType")}</label>
          <input
            id={confirmId}
            type="email"
            autocomplete="off"
            value={typed}
            onInput={(event) => setTyped(event.currentTarget.value)}
          />
          <div class="row-actions">
            <button
              type="submit"
              class="button-danger"
              disabled={busy || typed.trim().toLowerCase() !== user.email.toLowerCase()}
            >
              {t("privacy.eraseSubmit")}
            </button>
            <button type="button" class="button-secondary" onClick={() => setConfirming(false)}>
              {t("users.keep")}
            </button>
          </div>
        </form>
      )}
      {problem && (
        <p class="field-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}

/** The account menu's download of everything held about the signed-in person. */
export function MyPersonalData(): JSX.Element {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const download = (): void => {
    setBusy(true);
    setProblem(null);
    personalData()
      .then((data) => saveFile(personalDataFile(data), "my-personal-data.json"))
      .catch((failure: unknown) => setProblem(describeError(failure)))
      .finally(() => setBusy(false));
  };
  return (
    <>
      <button type="button" class="button-secondary" disabled={busy} onClick={download}>
        {t("privacy.mine")}
      </button>
      {problem && (
        <span class="field-error" role="alert">
          {problem}
        </span>
      )}
    </>
  );
}
