import type { MessageKey } from "./en";

// 日本語のカタログ: キーは英語版と同じで、過不足があれば型検査とテストが止める。
export const ja: Record<MessageKey, string> = {
  "app.name": "Footprint",
  "app.loading": "読み込み中…",
  "app.skipToContent": "本文へ移動",

  "nav.label": "メイン",
  "nav.dashboard": "ダッシュボード",
  "nav.uploads": "アップロード",

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

  "uploads.title": "アップロード",
  "uploads.intro":
    "活動データのファイルと、それぞれの処理状況です。計算が完了したファイルから合計に含まれます。",
  "uploads.panelTitle": "活動データをアップロード",
  "uploads.choose": "ファイルを選ぶか、ここにドロップしてください",
  "uploads.chooseHint": "CSV、XLSX、JSON（JSON Lines も可）、1 GB まで。",
  "uploads.gwp": "行ごとの結果に使う GWP 値",
  "uploads.replace": "同じ内容の以前のアップロードを置き換える",
  "uploads.replaceHint":
    "アップロード済みのファイルは、通常は以前のアップロードとして扱われます。チェックすると改めて計算し、以前のアップロードはすべての合計から外れます。",
  "uploads.templates": "テンプレートから始める：",
  "uploads.templateCsv": "活動データのテンプレート（CSV）",
  "uploads.templateXlsx": "活動データのテンプレート（XLSX）",
  "uploads.refusedType":
    "{name} はアップロードできません。読み込めるのは CSV（.csv）、XLSX（.xlsx）、JSON（.json、.jsonl、.ndjson）のファイルだけです。いずれかの形式で保存してから、もう一度選んでください。",
  "uploads.refusedSize":
    "{name} は {size} です。アップロードできるのは 1 GB までのファイルです。小さなファイルに分けて、それぞれをアップロードしてください。",
  "uploads.refusedEmpty": "{name} は空です。活動データが入ったファイルを選んでください。",
  "uploads.hashing": "{name} を確認しています…",
  "uploads.asking": "{name} のアップロードを準備しています…",
  "uploads.sending": "{name} を送信中",
  "uploads.sent": "{total} 中 {sent}（{percent} %）",
  "uploads.transferRefused":
    "ストレージがファイルを受け付けませんでした（ステータス {status}）。アップロード先の期限が切れた可能性があります。もう一度お試しください。新しいアップロード先を取得します。",
  "uploads.duplicate": "{name} は以前のアップロードと同じ内容のため、送信していません。",
  "uploads.duplicateSee": "以前のアップロードを見る",
  "uploads.duplicateReplace": "それでもアップロードして以前のものを置き換える",
  "uploads.listTitle": "アップロード一覧",
  "uploads.listCaption": "アップロード（新しい順）",
  "uploads.none": "まだ何もアップロードされていません。",
  "uploads.more": "さらに表示",
  "uploads.columnFile": "ファイル",
  "uploads.columnStatus": "状態",
  "uploads.columnRows": "計算済みの行",
  "uploads.columnErrors": "エラー",
  "uploads.columnUploaded": "アップロード日時",
  "uploads.rowsOf": "{total} 行中 {done} 行",
  "uploads.bytes": "{size} バイト",
  "uploads.kilobytes": "{size} KB",
  "uploads.megabytes": "{size} MB",
  "uploads.gigabytes": "{size} GB",

  "upload.title": "アップロード",
  "upload.back": "アップロード一覧へ",
  "upload.status": "状態",
  "upload.size": "サイズ",
  "upload.gwp": "GWP 値",
  "upload.uploaded": "アップロード日時",
  "upload.rows": "行数",
  "upload.total": "排出量",
  "upload.reason": "理由",
  "upload.duplicateOf": "同じ内容のアップロード",
  "upload.replaces": "置き換えの対象",
  "upload.replacedBy": "置き換え後のアップロード",
  "upload.earlierUpload": "以前のアップロード",
  "upload.laterUpload": "後のアップロード",
  "upload.statusPending": "ファイル待ち",
  "upload.statusReceived": "受信済み",
  "upload.statusValidating": "確認中",
  "upload.statusCalculating": "計算中",
  "upload.statusCompleted": "完了",
  "upload.statusRejected": "却下",
  "upload.statusFailed": "失敗",
  "upload.statusDuplicate": "重複",
  "upload.statusReplaced": "置き換え済み",
  "upload.waitingForFile":
    "ファイルがまだ届いていません。転送が中断した場合は、アップロードのページからもう一度アップロードしてください。",
  "upload.duplicateHint":
    "このファイルの内容が二重に数えられることはありません。以前のアップロードの代わりに数えるには、「同じ内容の以前のアップロードを置き換える」にチェックしてもう一度アップロードしてください。",
  "upload.progress": "計算の進み具合",
  "upload.recalculating": "再計算の進み具合",
  "upload.reading": "ファイルを読み込んでいます…",
  "upload.rowsDone": "{total} 行中 {done} 行を計算済み",
  "upload.recalculate": "再計算",
  "upload.recalculateHint":
    "現在有効な排出係数でこのファイルを計算し直します。新しい結果が出るまでは、今の結果が合計に含まれます。",
  "upload.rejectedFile":
    "このファイルは全体を読み込めなかったため却下されました。下に示す問題（該当する行、またはファイルの形式）を直してから、もう一度アップロードしてください。",
  "upload.rejectedRows":
    "このファイルは却下され、どの行も合計に含まれていません。下の行を直してから、もう一度アップロードしてください。",
  "upload.rejectedPersonal":
    "このファイルは個人データを含むため却下され、保存されたコピーはすべて削除されました。下のセルからそのデータを取り除いてから、もう一度アップロードしてください。",
  "upload.firstProblems": "{total} 件の問題のうち、最初の {shown} 件を表示しています。",
  "upload.findingsCaption": "見つかった個人データ（値は表示も保存もしません）",
  "upload.errorsCaption": "行のエラー",
  "upload.row": "行",
  "upload.column": "列",
  "upload.message": "問題",
  "upload.kind": "データの種類",
  "upload.kindEmail": "メールアドレス",
  "upload.kindPhone": "電話番号",
  "upload.kindNationalId": "国民識別番号",
  "upload.kindPaymentCard": "カード番号",
  "upload.kindIban": "銀行口座番号（IBAN）",
  "upload.kindOther": "個人データ",

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
};
