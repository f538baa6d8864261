package io.strata.registry.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A remote Maven repository the registry pulls through, with the credentials it sends there, if any. */
record Remote(URI url, Optional<String> username, String password) {

    /**
     * The remotes of the configuration's comma-separated lists, in order.
     *
     * @throws IllegalArgumentException naming the key and value that is not an absolute http(s) URL, or
     *                                  credentials without a remote
     */
    static List<Remote> of(String urls, String usernames, String passwords) {
        List<String> urlList = split(urls);
        List<String> userList = split(usernames);
        List<String> passwordList = split(passwords);
        if (userList.size() > urlList.size()) {
            throw new IllegalArgumentException("remoteUsernames = " + usernames + ": more names than remoteUrls");
        }
        if (passwordList.size() > urlList.size()) {
            throw new IllegalArgumentException("remotePasswords: more passwords than remoteUrls");
        }
        List<Remote> remotes = new ArrayList<>();
        for (int i = 0; i < urlList.size(); i++) {
            String user = i < userList.size() ? userList.get(i) : "";
            String password = i < passwordList.size() ? passwordList.get(i) : "";
            remotes.add(new Remote(url(urlList.get(i)), user.isEmpty() ? Optional.empty() : Optional.of(user), password));
        }
        return List.copyOf(remotes);
    }

    /** Where {@code path} (relative, Maven layout) lies on this remote. */
    URI resolve(String path) {
        return url.resolve(path);
    }

    @Override
    public String toString() {
        return url + username.map(user -> " (as " + user + ")").orElse("");
    }

    private static URI url(String text) {
        URI url;
        try {
            url = new URI(text.endsWith("/") ? text : text + "/");
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("remoteUrls = " + text + ": not a URL");
        }
        if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
            throw new IllegalArgumentException("remoteUrls = " + text + ": not an absolute http or https URL");
        }
        return url;
    }

    private static List<String> split(String text) {
        if (text.isBlank()) {
            return List.of();
        }
        return List.of(text.split(",", -1)).stream().map(String::trim).toList();
    }
}
