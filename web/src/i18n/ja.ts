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

  // 管理
  "nav.admin": "管理",
  "role.admin": "管理者",
  "role.editor": "編集者",
  "role.viewer": "閲覧者",
  "role.auditor": "監査担当者",
  "copy.action": "コピー",
  "copy.done": "コピーしました",
  "admin.title": "管理",
  "admin.intro":
    "組織内で Footprint を使う人とそのサインイン方法を管理し、操作の記録を確認します。",
  "admin.introAuditor":
    "組織のアカウントで行われた操作を確認します。監査担当者はこれらのページを閲覧でき、変更はできません。",
  "admin.sections": "管理のセクション",

  "invitation.title": "招待を受ける",
  "invitation.intro":
    "参加を完了するためにパスワードを決めてください。12 文字以上で、関連のない単語をいくつか並べると安全です。続いて認証アプリを設定します。",
  "invitation.submit": "パスワードを設定して続ける",
  "invitation.invalid":
    "この招待は無効です。使用済み、取り消し済み、または期限切れの可能性があります。管理者に新しい招待を依頼してください。",
  "invitation.signedIn":
    "すでにサインインしています。別のアカウントの招待を受けるには、いったんサインアウトしてから招待リンクを開き直してください。",

  "users.title": "ユーザー",
  "users.summary": "ユーザーの招待、ロールの変更、無効化、削除を行います。",
  "users.intro":
    "組織のアカウントにサインインできる全員とそのロールです。管理者はユーザーと設定を管理し、編集者はデータをアップロードし、閲覧者はデータを閲覧し、監査担当者はデータと監査ログを閲覧します。",
  "users.inviteTitle": "ユーザーを招待",
  "users.email": "メールアドレス",
  "users.name": "名前（任意）",
  "users.role": "ロール",
  "users.inviteSubmit": "招待を作成",
  "users.invited": "{email} への招待を作成しました。",
  "users.invitationLink": "招待リンク",
  "users.invitationHint":
    "信頼できる手段で本人に送ってください。{expires} まで一度だけ使えます。このリンクは再表示されません。",
  "users.emailTaken":
    "このメールアドレスには、この組織または別の組織のアカウントがすでにあります。",
  "users.listTitle": "メンバー",
  "users.listCaption": "この組織のユーザー",
  "users.columnName": "名前",
  "users.columnRole": "ロール",
  "users.columnStatus": "状態",
  "users.columnActions": "操作",
  "users.statusActive": "有効",
  "users.statusInvited": "招待中",
  "users.statusDisabled": "無効",
  "users.noMfa": "認証アプリ未設定",
  "users.you": "あなた",
  "users.roleOf": "{email} のロール",
  "users.applyRole": "ロールを変更",
  "users.disable": "無効にする",
  "users.enable": "有効にする",
  "users.remove": "削除",
  "users.cancelInvitation": "招待を取り消す",
  "users.invitedHint":
    "まだ招待を受けていません。招待は無効化できないため、リンクを使えなくするには取り消してください。",
  "users.confirmLabel": "確認",
  "users.confirmRemove":
    "{email} を削除しますか？ セッションは終了し、アカウントは元に戻せません。",
  "users.confirmCancel": "{email} への招待を取り消しますか？ リンクは使えなくなります。",
  "users.keep": "残す",
  "users.lastAdmin":
    "この組織の最後の管理者です。アカウントには管理者が 1 人必要です。先に別のユーザーを管理者にしてください。",
  "users.invitedNotDisabled":
    "このユーザーはまだ招待を受けていないため、無効にするものがありません。代わりに招待を取り消してください。",
  "users.changedMeanwhile":
    "このユーザーは他の人によって変更されました。ページを再読み込みしてからもう一度お試しください。",

  "allowlist.title": "IP 許可リスト",
  "allowlist.summary": "組織のメンバーがサインインして作業できるネットワークです。",
  "allowlist.intro":
    "リストにネットワークがある場合、Footprint は組織のメンバーに対して、その範囲内のアドレスからの要求にだけ応答します。空のリストはすべてのアドレスを許可します。",
  "allowlist.networks": "許可するネットワーク",
  "allowlist.hint":
    "1 行に 1 つ、CIDR 表記で入力します（203.0.113.0/24、2001:db8::/32）。単一のアドレスも指定できます。",
  "allowlist.save": "許可リストを保存",
  "allowlist.saved": "許可リストを保存しました。次の要求から適用されます。",
  "allowlist.savedOpen": "リストは空です。すべてのアドレスが許可されます。",
  "allowlist.lockout":
    "保存していません。このリストではあなた自身が締め出されます。現在の接続元 {address} がどのネットワークにも含まれていないため、次の要求が拒否されます。あなたのアドレスかそのネットワークを追加してから保存してください。",
  "allowlist.addMine": "自分のアドレスを追加（{address}）",
  "allowlist.entryRefused": "{line} 行目: {message}",

  "sso.title": "シングルサインオン",
  "sso.summary": "ID プロバイダー（SAML）でサインイン: Okta、Entra ID、Ping。",
  "sso.intro":
    "ID プロバイダーを接続すると、メンバーは勤務先のアカウントでサインインできます。初めてサインインしたときに Footprint のアカウントが作成されます。",
  "sso.forIdp": "ID プロバイダーに入力する値",
  "sso.forIdpIntro":
    "Okta、Microsoft Entra ID、Ping で SAML 2.0 アプリケーションを追加します。メタデータ URL を読み込めるならそれを指定し、できない場合はエンティティ ID と ACS URL を入力してください。",
  "sso.metadataUrl": "サービスプロバイダーのメタデータ URL",
  "sso.metadataUrlHint": "以下の値をまとめた文書です。",
  "sso.entityId": "エンティティ ID（対象者）",
  "sso.entityIdHint": "Okta: Audience URI。Entra ID: 識別子。Ping: Entity ID。",
  "sso.acsUrl": "アサーションコンシューマーサービス（ACS）URL",
  "sso.acsUrlHint": "Okta: シングルサインオン URL。Entra ID: 応答 URL。Ping: ACS URL。",
  "sso.loginUrl": "サインイン URL",
  "sso.loginUrlHint":
    "Footprint 側からサインインを始める URL です。サインオン URL と呼ぶプロバイダーもあります。",
  "sso.notConfigured": "シングルサインオンはまだ設定されていません。",
  "sso.understood": "メタデータから読み取った ID プロバイダー",
  "sso.idpEntityId": "エンティティ ID",
  "sso.idpSsoUrl": "サインオン URL",
  "sso.certificate": "署名証明書（{until} まで有効）",
  "sso.settingsTitle": "ID プロバイダーの設定",
  "sso.metadataFile": "メタデータファイル（XML）",
  "sso.metadataXml": "ID プロバイダーのメタデータ",
  "sso.metadataXmlHint":
    "プロバイダーから受け取ったファイルを選ぶか、XML をここに貼り付けてください。",
  "sso.emailAttribute": "メールアドレスの属性",
  "sso.emailAttributeHint": "メールアドレスを運ぶ SAML 属性の名前です。",
  "sso.nameAttribute": "名前の属性",
  "sso.defaultRole": "新しいメンバーのロール",
  "sso.defaultRoleHint":
    "プロバイダー経由で初めてサインインした人に付与されます。管理者は一人ずつ昇格させ、既定では付与しません。",
  "sso.passwordLogin": "パスワードでのサインインも許可する",
  "sso.passwordLoginHint":
    "オフにすると、あなた以外のパスワードによるセッションはすべて直ちに終了します（この設定を修正できるよう、あなたのセッションは残ります）。",
  "sso.save": "シングルサインオンを保存",
  "sso.saved": "シングルサインオンを保存しました。",

  "audit.title": "監査ログ",
  "audit.summary": "サインイン、ユーザーと設定の変更、スタッフのアクセスを新しい順に表示します。",
  "audit.intro": "誰が、いつ、どこから、何をしたか。記録は変更も削除もできません。",
  "audit.filters": "監査ログの絞り込み",
  "audit.actor": "実行者",
  "audit.anyone": "すべて",
  "audit.actorId": "実行者（ユーザー ID）",
  "audit.action": "操作",
  "audit.actionHint":
    "操作名またはその先頭部分: user. でユーザーに関するすべての変更を表示します。",
  "audit.from": "開始日",
  "audit.to": "終了日",
  "audit.datesReversed": "この日付は開始日より前です。",
  "audit.apply": "表示",
  "audit.caption": "監査イベント（新しい順）",
  "audit.none": "該当するイベントはありません。",
  "audit.noneYet":
    "ここまでに読み込んだイベントには該当がありません。さらに読み込むと、より古い記録を探します。",
  "audit.more": "さらに読み込む",
  "audit.columnAt": "日時",
  "audit.columnAction": "操作",
  "audit.columnOutcome": "結果",
  "audit.columnActor": "実行者",
  "audit.columnTarget": "対象",
  "audit.columnIp": "接続元アドレス",
  "audit.columnDetails": "詳細",
  "audit.success": "成功",
  "audit.failure": "失敗",

  "staffAccess.title": "スタッフのアクセス",
  "staffAccess.summary":
    "プラットフォームのスタッフがいつ、なぜデータにアクセスし、誰が承認したか。",
  "staffAccess.intro":
    "プラットフォームのスタッフはお客様のデータに常時アクセスできません。スタッフは理由とチケットを添えて期限付きのアクセスを申請し、リードが承認します。その間に行われた要求はすべてここに表示されます。",
  "staffAccess.requireApproval": "スタッフのアクセスには自社の管理者の承認も必要にする",
  "staffAccess.requireApprovalHint":
    "今後の申請は、プラットフォームのリードに加えて自社の管理者 1 人の承認を待ちます。",
  "staffAccess.settingSaved": "保存しました。今後の申請にこの規則が適用されます。",
  "staffAccess.listTitle": "過去 12 か月のアクセス許可と申請",
  "staffAccess.none":
    "過去 12 か月に、プラットフォームのスタッフからデータへのアクセス申請はありません。",
  "staffAccess.roleEngineer": "エンジニア",
  "staffAccess.roleLead": "リード",
  "staffAccess.roleSecurity": "セキュリティ",
  "staffAccess.statePending": "承認待ち",
  "staffAccess.stateApproved": "承認済み",
  "staffAccess.stateExpired": "終了",
  "staffAccess.stateRevoked": "取り消し済み",
  "staffAccess.stateDenied": "却下",
  "staffAccess.stateExpiredPending": "未承認のまま失効",
  "staffAccess.scope": "アクセス",
  "staffAccess.scopeRead": "閲覧",
  "staffAccess.scopeWrite": "閲覧とアップロード",
  "staffAccess.reason": "理由",
  "staffAccess.ticket": "チケット",
  "staffAccess.approvedBy": "承認者",
  "staffAccess.start": "開始",
  "staffAccess.end": "終了",
  "staffAccess.requested": "申請日時",
  "staffAccess.requestsMade": "要求数",
  "staffAccess.closedBy": "終了させた人",
  "staffAccess.closedWithReason": "{name}: {reason}",
  "staffAccess.awaitsYou": "この申請は自社の管理者の承認を待っています。",
  "staffAccess.approve": "承認",
  "staffAccess.deny": "却下",
  "staffAccess.denyReason": "却下の理由",
  "staffAccess.denySubmit": "申請を却下",
  "staffAccess.keep": "戻る",
  "staffAccess.revoke": "今すぐ取り消す",
  "staffAccess.withdraw": "申請を取り下げる",
  "staffAccess.showActivity": "アクティビティを表示",
  "staffAccess.hideActivity": "アクティビティを隠す",
  "staffAccess.noActivity": "このアクセス許可での要求はありません。",
  "staffAccess.activityCaption": "このアクセス許可で行われた要求",
  "staffAccess.activityAt": "日時",
  "staffAccess.activityRoute": "要求",
  "staffAccess.activityStatus": "応答",
  "staffAccess.activityIp": "接続元アドレス",
  "staffAccess.changedMeanwhile":
    "この申請はその間に変更されました（承認、終了、取り下げ）。ページを再読み込みして現在の状態を確認してください。",
};
