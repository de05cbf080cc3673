import { useRef, useState } from "preact/hooks";
import type { DeletedCountsT } from "../../api/schemas.ts";
import { ApiError, api } from "../api/client.ts";
import { clearToken, loadToken } from "../api/token.ts";
import { Notice } from "../components/Notice.tsx";
import { PageTitle } from "../components/PageTitle.tsx";
import { EraseEverything } from "../components/privacy/EraseEverything.tsx";
import { ExportData } from "../components/privacy/ExportData.tsx";
import { ImportCode } from "../components/privacy/ImportCode.tsx";
import { RecoveryCode } from "../components/privacy/RecoveryCode.tsx";
import { explain } from "../lib/errors.ts";
import { bytes, plural, when } from "../lib/format.ts";
import { describeDeleted } from "../lib/recovery.ts";
import { useAsync } from "../lib/useAsync.ts";

function retention(days: number | null): string {
  return days === null
    ? "Kept recordings stay until you delete them."
    : `Kept recordings are deleted ${plural(days, "day")} after they were made.`;
}

export function YourDataPage() {
  const [token, setToken] = useState(loadToken);
  const [erased, setErased] = useState<DeletedCountsT | null>(null);
  const receipt = useRef<HTMLHeadingElement>(null);
  // Only a browser that already has a code asks the server: visiting this page creates nothing.
  const me = useAsync(() => (token ? api.me() : Promise.resolve(null)), [token]);
  const unknown = me.error instanceof ApiError && me.error.status === 401;

  const onErased = (counts: DeletedCountsT) => {
    clearToken();
    setToken(null);
    setErased(counts);
    requestAnimationFrame(() => receipt.current?.focus());
  };

  let stored: preact.ComponentChild;
  if (!token) {
    stored = (
      <p>
        This browser has no recovery code yet, so nothing is stored for it. A code is made when you start your first
        interview; to open interviews from another browser, use its code below.
      </p>
    );
  } else if (unknown) {
    stored = (
      <Notice kind="warn">
        This server no longer recognises this browser's recovery code (its data was erased or the server was reset).
        Nothing is stored for it. Use another code below, or start a new interview to get a new one.
      </Notice>
    );
  } else if (me.error) {
    stored = <Notice kind="error">{explain(me.error)}</Notice>;
  } else if (!me.data) {
    stored = <p class="loading">Checking what is stored…</p>;
  } else {
    const d = me.data;
    stored = (
      <p>
        Stored on this server for this browser's recovery code (since {when(d.createdAt)}):{" "}
        <strong>{plural(d.sessions, "interview")}</strong> and <strong>{plural(d.recordings, "kept recording")}</strong>
        {d.recordings > 0 ? ` (${bytes(d.recordingBytes)})` : ""}. {retention(d.recordingRetentionDays)}
      </p>
    );
  }
  const active = Boolean(token && me.data);

  return (
    <div class="your-data">
      <PageTitle title="Your data">Your data</PageTitle>
      <p class="lede">
        Everything mockloop keeps about you stays on this server: no account, no e-mail, nothing sent elsewhere. Take a
        copy, move your history to another browser, or erase it.
      </p>
      {erased && (
        <section class="card data-section erased" aria-labelledby="erased-title">
          <h2 id="erased-title" ref={receipt} tabIndex={-1}>
            Your data was erased
          </h2>
          <p>Removed from the server: {describeDeleted(erased)}.</p>
          <p>
            This browser no longer holds a recovery code, and the old code works nowhere. Your next interview starts a
            new, empty history.
          </p>
        </section>
      )}
      <section class="section" aria-labelledby="stored-title">
        <h2 id="stored-title">What is stored</h2>
        {stored}
      </section>
      <div class="data-sections">
        {active && token && (
          <>
            <ExportData />
            <RecoveryCode token={token} />
          </>
        )}
        <ImportCode
          hasCode={active}
          onImported={() => {
            setErased(null);
            setToken(loadToken());
            me.reload();
          }}
        />
        {active && me.data && <EraseEverything sessions={me.data.sessions} onErased={onErased} />}
      </div>
    </div>
  );
}
