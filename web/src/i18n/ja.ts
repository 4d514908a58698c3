import type { MessageKey } from "./en";

// 日本語のカタログ: キーは英語版と同じで、過不足があれば型検査とテストが止める。
export const ja: Record<MessageKey, string> = {
  "app.name": "Footprint",
  "app.loading": "読み込み中…",
  "app.skipToContent": "本文へ移動",

  "nav.label": "メイン",
  "nav.dashboard": "ダッシュボード",

  "language.label": "言語",
  "language.en": "English",
  "language.ja": "日本語",

  "account.menu": "{email} でサインイン中",
  "account.signOut": "サインアウト",
  "account.signOutEverywhere": "すべての端末でサインアウト",
  "account.signOutEverywhereHint": "すべての端末とブラウザのセッションを終了します。",

  "signIn.title": "サインイン",
  "signIn.email": "勤務先のメールアドレス",
  "signIn.password": "パスワード",
  "signIn.submit": "サインイン",
  "signIn.working": "サインインしています…",
  "signIn.startAgain": "最初からやり直す",
  "signIn.badCredentials": "メールアドレスまたはパスワードが正しくありません。",
  "signIn.locked":
    "このアドレスでの失敗が多すぎます。サインインは {minutes} 分間停止されています。その後にもう一度お試しください。",
  "signIn.ipRefused":
    "組織はアクセスを自社のネットワークからに限っており、このアドレスは含まれていません。許可されたネットワークから接続するか、管理者に追加を依頼してください。",
  "signIn.sessionEnded":
    "セッションが終了しました。もう一度サインインすると、元の画面から続けられます。",
  "signIn.signedOut": "サインアウトしました。",
  "signIn.signedOutEverywhere": "すべての端末でサインアウトしました。",

  "sso.choose": "SSO でサインイン",
  "sso.title": "シングルサインオンでサインイン",
  "sso.intro":
    "組織の ID プロバイダー（Okta、Microsoft Entra ID、Ping など）でサインインします。サインイン後は、開いていたページに戻ります。",
  "sso.organisation": "組織 ID",
  "sso.organisationHint":
    "管理者が Footprint のシングルサインオン設定で確認できます。組織のサインイン用リンクにも含まれています。",
  "sso.submit": "ID プロバイダーへ進む",
  "sso.working": "ID プロバイダーを開いています…",
  "sso.usePassword": "パスワードでサインインする",
  "sso.unknownOrganisation":
    "この ID のシングルサインオン設定済みの組織はありません。管理者に確認してください。",
  "sso.refused":
    "ID プロバイダーからのサインインを受け付けられなかったか、リンクの有効期限が切れています。もう一度 SSO でサインインしてください。",
  "sso.accountRefused":
    "ID プロバイダーではサインインできましたが、このアカウントは Footprint のこの組織を利用できません。管理者に問い合わせてください。",
  "sso.notSetUp":
    "この組織ではシングルサインオンが設定されていません。管理者に問い合わせてください。",

  "newPassword.title": "新しいパスワードを設定",
  "newPassword.intro":
    "現在のパスワードは他の人が設定したものです。ご自身のパスワードを設定してください（12 文字以上。関係のない単語をいくつか並べると安全です）。",
  "newPassword.label": "新しいパスワード",
  "newPassword.submit": "パスワードを設定",

  "mfaSetup.title": "認証アプリを設定",
  "mfaSetup.intro":
    "認証アプリ（Google Authenticator、Microsoft Authenticator、1Password など）でこのコードを読み取り、表示された 6 桁のコードを入力してください。",
  "mfaSetup.qr": "認証アプリで読み取る QR コード",
  "mfaSetup.secret": "または、このキーをアプリに入力してください:",

  "mfa.title": "コードを入力",
  "mfa.intro": "認証アプリに表示された 6 桁のコード、またはリカバリーコードを入力してください。",
  "mfa.code": "コード",
  "mfa.submit": "確認",
  "mfa.refused":
    "このコードは受け付けられませんでした。現在のコードを入力してください（各コードは一度だけ有効です）。サインインを始めてから 5 分以上経った場合は、最初からやり直してください。",

  "recovery.title": "リカバリーコードを保存",
  "recovery.intro":
    "認証アプリを失くしたとき、これらのコードでそれぞれ一度だけサインインできます。表示されるのは今回だけです。パスワードマネージャーなど安全な場所に保管してください。",
  "recovery.list": "リカバリーコード",
  "recovery.done": "保存しました。続ける",

  "dashboard.title": "インベントリ",
  "dashboard.intro": "報告年度の温室効果ガス排出量（CO2 換算トン）。",
  "dashboard.year": "報告年度",
  "dashboard.gwp": "GWP 値",
  "dashboard.gwpOption": "IPCC {set}",
  "dashboard.range": "{from} 〜 {to}",
  "dashboard.scope1": "スコープ 1",
  "dashboard.scope1Hint": "直接排出",
  "dashboard.scope2Location": "スコープ 2（ロケーション基準）",
  "dashboard.scope2Market": "スコープ 2（マーケット基準）",
  "dashboard.scope2Hint": "購入したエネルギー",
  "dashboard.scope3": "スコープ 3",
  "dashboard.scope3Hint": "バリューチェーン",
  "dashboard.totalLocation": "合計（ロケーション基準）",
  "dashboard.totalMarket": "合計（マーケット基準）",
  "dashboard.biogenic": "バイオマス由来の CO2",
  "dashboard.biogenicHint": "GHG プロトコルに従い、スコープとは別に報告します。",
  "dashboard.unit": "t-CO2e",
  "dashboard.unitBiogenic": "t-CO2",
  "dashboard.rows": "活動データ {rows} 行から算定。",
  "dashboard.empty":
    "{year} 年の算定済みの活動データはまだありません。活動データをアップロードすると、ここに表示されます。",

  "error.network": "サービスに接続できませんでした。接続を確認してから、もう一度お試しください。",
  "error.server":
    "サービスが応答しませんでした。しばらくしてからもう一度お試しください。続く場合は、参照番号 {reference} をサポートにお伝えください。",
  "error.forbidden":
    "あなたのロールではこの操作はできません。必要な場合は管理者に依頼してください。",
  "error.notFound": "見つかりませんでした。削除された可能性があります。",
  "error.throttled": "リクエストが多すぎます。少し待ってから、もう一度お試しください。",
  "error.invalid": "強調表示された項目を確認してください: {message}",
  "error.generic": "リクエストは受け付けられませんでした: {message}",
  "error.retry": "再試行",

  "notFound.title": "ページが見つかりません",
  "notFound.body": "このアドレスにはページがありません。",
  "notFound.home": "ダッシュボードへ",

  // ---- スタッフコンソール (/staff)
  "staff.name": "Footprint スタッフコンソール",
  "staff.nav.requests": "アクセス申請",
  "staff.nav.approvals": "承認",
  "staff.nav.grants": "すべての許可",
  "staff.signIn.title": "スタッフのサインイン",
  "staff.notForRole": "あなたのスタッフロールではこのページを開けません。",
  "staff.notFound.home": "アクセス申請へ移動",
  "staff.role.engineer": "エンジニア",
  "staff.role.lead": "リード",
  "staff.role.security": "セキュリティ",
  "staff.requester": "{name}（{role}）",
  "staff.scope.read": "読み取り",
  "staff.scope.write": "書き込み",
  "staff.state.pending": "承認待ち",
  "staff.state.approved": "承認済み",
  "staff.state.expired": "終了",
  "staff.state.revoked": "取り消し済み",
  "staff.state.denied": "却下",
  "staff.state.expired-pending": "期限内に未決定",
  "staff.stateDetail.approved": "{name} が承認、{time} に終了",
  "staff.stateDetail.revoked": "{name} が取り消し",
  "staff.stateDetail.denied": "{name} が却下: {reason}",
  "staff.stateDetail.customer": "テナントの管理者の承認も必要です。",
  "staff.minutes": "{minutes} 分",
  "staff.table.requested": "申請日時",
  "staff.table.requester": "申請者",
  "staff.table.tenant": "テナント",
  "staff.table.scope": "範囲",
  "staff.table.reason": "理由とチケット",
  "staff.table.duration": "期間",
  "staff.table.state": "状態",
  "staff.table.actions": "操作",
  "staff.revoke": "取り消す",
  "staff.changedMeanwhile":
    "この申請はその間に変更されました。一覧は現在の状態を表示しています。確認し、必要ならもう一度操作してください。",
  "staff.requests.title": "アクセス申請",
  "staff.requests.intro":
    "スタッフはどのテナントにも常時のアクセス権を持ちません。理由とチケットを添えて 1 つのテナントへのアクセスを申請してください。あなた以外のリードが承認し、アクセスは自動的に終了します。",
  "staff.requests.formTitle": "アクセスを申請",
  "staff.requests.tenant": "テナント ID",
  "staff.requests.tenantHint": "チケットに記載のとおりに入力してください。",
  "staff.requests.scope": "範囲",
  "staff.requests.scopeRead": "読み取り（閲覧者として）",
  "staff.requests.scopeWrite": "書き込み（編集者として）",
  "staff.requests.reason": "理由",
  "staff.requests.ticket": "チケット",
  "staff.requests.duration": "期間（分）",
  "staff.requests.durationHint": "1〜{max} 分。アクセスは自動的に終了します。",
  "staff.requests.submit": "アクセスを申請",
  "staff.requests.sending": "送信しています…",
  "staff.requests.sent": "{tenant} への申請はリードの承認を待っています。",
  "staff.requests.mine": "あなたの申請",
  "staff.requests.none": "まだアクセスを申請していません。",
  "staff.requests.required": "入力してください。",
  "staff.requests.durationRange": "1〜{max} の整数で分数を入力してください。",
  "staff.requests.noSuchTenant":
    "この ID の有効なテナントはありません。チケットと照らし合わせてください。",
  "staff.requests.fieldRefused": "この値は受け付けられませんでした: {message}",
  "staff.approvals.title": "承認",
  "staff.approvals.intro":
    "リードの承認を待っている申請です。認証アプリの新しいコードで承認してください。セッションだけでは承認できません。自分の申請は誰も承認できません。",
  "staff.approvals.caption": "リードの承認待ち",
  "staff.approvals.none": "リードの承認を待っている申請はありません。",
  "staff.approvals.code": "あなたのコード",
  "staff.approvals.approve": "承認",
  "staff.approvals.denyReason": "却下の理由",
  "staff.approvals.deny": "却下",
  "staff.approvals.own": "あなた自身の申請です。別のリードが承認します（二者承認の原則）。",
  "staff.approvals.twoPerson":
    "二者承認の原則により拒否されました。申請は申請者以外のリードが承認します。",
  "staff.approvals.codeRefused":
    "このコードは受け付けられませんでした。認証アプリの現在のコードを入力してください（各コードは 1 回だけ使えます）。",
  "staff.approvals.approved": "{name} さんの {tenant} への申請を承認しました: {state}。",
  "staff.approvals.denied": "{name} さんの {tenant} への申請を却下しました。",
  "staff.grants.title": "すべての許可",
  "staff.grants.intro":
    "すべてのスタッフのすべての申請と許可です（新しい順）。取り消すと許可はただちに終了します。",
  "staff.grants.caption": "申請と許可",
  "staff.grants.none": "まだ誰もアクセスを申請していません。",
};
