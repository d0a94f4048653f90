package dev.threadprofiling.docs;

/** {@code 21+}, {@code 17-20} or {@code 17}: which Java feature versions a doc block is for. */
final class JavaVersions {

    private JavaVersions() {
    }

    static boolean matches(String range, int feature) {
        String text = range.trim();
        if (text.endsWith("+")) {
            return feature >= Integer.parseInt(text.substring(0, text.length() - 1));
        }
        int dash = text.indexOf('-');
        if (dash > 0) {
            return feature >= Integer.parseInt(text.substring(0, dash)) && feature <= Integer.parseInt(text.substring(dash + 1));
        }
        return feature == Integer.parseInt(text);
    }
}
