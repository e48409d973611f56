package io.govaudit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/**
 * Writes the result of {@code verify --bundle}: what the manifest and its signature showed, then
 * the report of the chains inside in the same form as {@code verify} (human or JSON), then a
 * verdict about the whole bundle. A signature that was not checked is said in words
 * ("signature not checked"), never folded into a green verdict. Not thread-safe.
 */
final class BundleReportWriter {

    private final PrintWriter out;

    BundleReportWriter(PrintWriter out) {
        this.out = out;
    }

    void human(BundleCheck.Result result, List<String> checks, boolean anchorsChecked) {
        out.println("bundle " + result.bundle());
        out.println("  entries    " + result.entries());
        out.println("  manifest   " + (result.problems().isEmpty()
                ? "every entry listed, every SHA-256 matches" : result.problems().size() + " problem(s)"));
        result.problems().forEach(p -> out.println("  BUNDLE " + p));
        out.println("  signature  " + result.signature().message());
        if (result.report() != null) {
            out.println();
            new HumanReportWriter(out, checks, anchorsChecked).write(result.report());
        } else {
            out.println("  chains NOT verified: " + result.notVerified());
        }
        out.println();
        out.println(verdict(result));
    }

    static String verdict(BundleCheck.Result result) {
        if (result.intact()) {
            String signature = switch (result.signature().status()) {
                case VALID -> "signature valid";
                case UNSIGNED -> "unsigned: signature not checked";
                default -> "signature not checked";
            };
            return "BUNDLE INTACT (" + signature + ")";
        }
        return "BUNDLE NOT INTACT";
    }

    void json(BundleCheck.Result result, boolean anchorsChecked) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("bundle", result.bundle());
        root.put("intact", result.intact());
        root.put("entries", result.entries());
        ArrayNode problems = root.putArray("problems");
        result.problems().forEach(problems::add);
        ObjectNode signature = root.putObject("signature");
        signature.put("status", result.signature().status().code);
        signature.put("key", result.signature().keyId());
        signature.put("message", result.signature().message());
        if (result.report() != null) {
            StringWriter report = new StringWriter();
            new JsonReportWriter(report, anchorsChecked).write(result.report());
            root.set("report", mapper.readTree(report.toString()));
        } else {
            root.putNull("report");
        }
        out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }
}
