package io.govaudit.cli;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The deletion receipt as a printable zh-TW 資訊刪除紀錄表 (annex 3.2.(6): items, quantity, time,
 * method, signatories): one self-contained HTML page, no script, no external resource (a CSP
 * that allows none), every value from the store or the command line escaped with {@link Html#text}
 * (S7). The JSON receipt is the evidence; this page is its printable form with a signature block
 * for the operator, the agency's supervisor and the recipient. Stateless.
 */
final class DestroyReceiptHtml {

    private static final DateTimeFormatter TAIPEI = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.of("Asia/Taipei"));
    private static final String CSS = "body{font-family:'Noto Sans CJK TC','Microsoft JhengHei',sans-serif;"
            + "margin:2em;color:#000}h1{text-align:center}table{border-collapse:collapse;width:100%;"
            + "margin-bottom:1.5em}th,td{border:1px solid #000;padding:.3em .5em;text-align:left;"
            + "vertical-align:top}th{background:#eee;white-space:nowrap}td.hash{font-family:monospace;"
            + "word-break:break-all;font-size:.8em}.sign td{height:4em;width:35%}.note{font-size:.9em}"
            + "@media print{body{margin:0}th{background:none}}";

    private DestroyReceiptHtml() {
    }

    static byte[] render(DestroyReceipt r, String receiptFile, String signatureFile) {
        StringBuilder h = new StringBuilder(8192);
        h.append("<!DOCTYPE html>\n<html lang=\"zh-Hant-TW\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"")
                .append(ReportHtmlWriter.CSP).append("\">\n<title>資訊刪除紀錄表</title>\n<style>")
                .append(CSS).append("</style>\n</head>\n<body>\n<h1>資訊刪除紀錄表</h1>\n")
                .append("<p>契約終止時刪除稽核紀錄儲存區的執行紀錄（資通安全需求規範 3.2.(6)）。本表由 ")
                .append("<code>audit-cli destroy</code> 產生，內容與 JSON 刪除紀錄 <code>").append(Html.text(receiptFile))
                .append("</code> 相同；以 JSON 檔及其簽章為準。</p>\n<table>\n");
        row(h, "狀態", r.completed() == null ? "進行中（刪除尚未完成）" : "已完成");
        row(h, "儲存區", r.store());
        row(h, "主機", r.host());
        row(h, "刪除時間", "開始 " + time(r.started()) + (r.completed() == null ? ""
                : "；完成 " + time(r.completed())));
        row(h, "刪除方式", r.method());
        row(h, "執行人員", r.operator());
        row(h, "數量", r.chains().size() + " 條紀錄鏈、" + r.segments() + " 個區段檔、" + r.records() + " 筆紀錄、"
                + r.bytes() + " 位元組");
        row(h, "交接封存檔", r.bundle() + "（" + r.bundleBytes() + " 位元組；清單簽章："
                + signature(r.bundleSignature(), r.bundleKey()) + "）");
        hashRow(h, "交接封存檔 SHA-256", r.bundleSha256());
        hashRow(h, "清單 SHA-256", r.manifestSha256());
        row(h, "本紀錄簽章", r.signingKey() == null ? "未簽章（未提供 --signing-key）"
                : "Ed25519，金鑰 " + r.signingKey() + "，簽章檔 " + signatureFile);
        h.append("</table>\n<h2>刪除項目</h2>\n<table>\n<thead><tr><th>紀錄鏈</th><th>區段檔</th><th>序號範圍</th>")
                .append("<th>位元組</th><th>SHA-256</th></tr></thead>\n<tbody>\n");
        for (DestroyCoverage.Chain c : r.chains()) {
            h.append("<tr><th rowspan=\"").append(c.segments().size() + 1).append("\">").append(Html.text(c.chain()))
                    .append("</th><td colspan=\"4\">").append(c.records()).append(" 筆紀錄，序號 ")
                    .append(c.firstSeq()).append("–").append(c.lastSeq()).append("，").append(c.bytes())
                    .append(" 位元組；另刪除狀態檔：").append(Html.text(String.join("、", c.stateFiles())));
            if (c.afterBundle() > 0) {
                h.append("；序號 ").append(c.afterFirstSeq()).append("–").append(c.afterLastSeq())
                        .append(" 為製作本交接封存檔後寫入的打包紀錄（AUDIT_LOG_READ，action bundle），不在封存檔內");
            }
            h.append("</td></tr>\n");
            for (DestroyCoverage.Segment s : c.segments()) {
                h.append("<tr><td>").append(Html.text(s.name())).append("</td><td>").append(s.firstSeq()).append("–")
                        .append(s.lastSeq()).append("</td><td>").append(s.bytes()).append("</td><td class=\"hash\">")
                        .append(Html.text(s.sha256())).append("</td></tr>\n");
            }
        }
        h.append("</tbody>\n</table>\n");
        if (!r.storeFiles().isEmpty()) {
            h.append("<p>另刪除儲存區檔案：").append(Html.text(String.join("、", r.storeFiles()))).append("</p>\n");
        }
        h.append("<p class=\"note\">注意：以刪除檔案（unlink）方式刪除時，固態硬碟、檔案系統快照、備份與複本上的")
                .append("資料仍可能復原；須以永久有效方法刪除者，請另行對儲存媒體執行安全抹除或實體銷毀，並記錄於本表。")
                .append("</p>\n<h2>簽章欄</h2>\n<table class=\"sign\">\n")
                .append("<tr><th>執行人員（簽名）</th><td></td><th>日期</th><td></td></tr>\n")
                .append("<tr><th>監督人員（機關）</th><td></td><th>日期</th><td></td></tr>\n")
                .append("<tr><th>簽收人</th><td></td><th>日期</th><td></td></tr>\n</table>\n</body>\n</html>\n");
        return h.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void row(StringBuilder h, String label, String value) {
        h.append("<tr><th>").append(label).append("</th><td>").append(Html.text(value)).append("</td></tr>\n");
    }

    private static void hashRow(StringBuilder h, String label, String value) {
        h.append("<tr><th>").append(label).append("</th><td class=\"hash\">").append(Html.text(value))
                .append("</td></tr>\n");
    }

    private static String time(Instant t) {
        return TAIPEI.format(t) + "（臺北時間；UTC " + t + "）";
    }

    private static String signature(String status, String key) {
        return switch (status) {
            case "valid" -> "有效，金鑰 " + key;
            case "unsigned" -> "未簽章";
            default -> "未檢查（未提供 --public-key）" + (key == null ? "" : "，金鑰 " + key);
        };
    }
}
