package com.streamlens.operators.antibot;

import java.util.Locale;
import java.util.regex.Pattern;

/** What a user agent and a screen size say about automation (tokens that automation tools and crawlers send). */
final class UserAgents {
    private static final Pattern AUTOMATION = Pattern.compile(
            "bot|crawl|spider|slurp|headless|phantomjs|selenium|webdriver|puppeteer|playwright|python|curl|wget|"
                    + "java/|okhttp|go-http-client|libwww|httpclient|scrapy|node-fetch|axios");

    private UserAgents() {}

    static boolean automated(String userAgent) {
        return userAgent != null && AUTOMATION.matcher(userAgent.toLowerCase(Locale.ROOT)).find();
    }

    /** Headless browsers' default viewports (800x600) and sizes no real screen has (either side under 200 px). */
    static boolean unusualScreen(String screen) {
        if (screen == null) return false;
        if (screen.equals("800x600")) return true;
        int x = screen.indexOf('x');
        if (x <= 0) return true;
        try {
            return Integer.parseInt(screen.substring(0, x)) < 200 || Integer.parseInt(screen.substring(x + 1)) < 200;
        } catch (NumberFormatException e) {
            return true;
        }
    }
}
