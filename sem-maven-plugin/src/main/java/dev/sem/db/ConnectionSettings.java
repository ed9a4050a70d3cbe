package dev.sem.db;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

import dev.sem.Message;
import dev.sem.Option;
import dev.sem.SemException;

/**
 * Everything needed to open a connection, resolved once from a {@link DatabaseUrl}, an optional explicit password and
 * the libpq environment (§7.4): {@code PGHOST}, {@code PGPORT}, {@code PGDATABASE}, {@code PGUSER},
 * {@code PGPASSWORD}, {@code PGPASSFILE} / {@code ~/.pgpass}, {@code PGSSLMODE}, {@code PGCONNECT_TIMEOUT} and a few
 * more; a host that is a directory is the server's Unix-domain socket there ({@link #socketFile()}). Immutable, except
 * for a password typed in answer to the {@linkplain Builder#passwordPrompt(PasswordPrompt) prompt}, which is kept
 * once given. The password is never part of {@link #jdbcUrl()}, {@link #driverProperties()} or {@link #toString()}.
 */
public final class ConnectionSettings {

    /** Connect timeout in seconds when neither the URL nor {@code PGCONNECT_TIMEOUT} gives one. */
    public static final int DEFAULT_CONNECT_TIMEOUT = 10;

    /** The form of a database URL, for hints that say how to choose a database. */
    public static final String EXAMPLE_URL = "postgresql://user@host:5432/db";

    /** Where the password came from. */
    public enum PasswordSource {
        /** Given by the caller, for example from a Maven settings.xml server. */
        EXPLICIT,
        URL,
        PGPASSWORD,
        PASSWORD_FILE,
        /** Typed in answer to the {@linkplain Builder#passwordPrompt(PasswordPrompt) prompt}. */
        PROMPT,
        NONE
    }

    /**
     * The pgJDBC socket factory that connects to a Unix-domain socket file given as its argument (junixsocket); the
     * driver's host and port are then ignored.
     */
    static final String UNIX_SOCKET_FACTORY = "org.newsclub.net.unix.AFUNIXSocketFactory$FactoryArg";

    /** The directories libpq's builds look in for the server's socket when no host is given (Debian's, upstream's). */
    static final List<Path> DEFAULT_SOCKET_DIRECTORIES = List.of(Path.of("/var/run/postgresql"), Path.of("/tmp"));

    private final DatabaseUrl url;
    private final List<DatabaseUrl.Host> hosts;
    private final String database;
    private final String user;
    private final String password;
    private final PasswordSource passwordSource;
    private final String passwordOrigin;
    private final Path passwordFile;
    private final boolean passwordFileFromEnv;
    private final Properties properties;
    private final Map<String, String> clientSettings;
    private final List<String> warnings;
    private final List<String> settingsServers;
    private final Message assumedTarget;
    private final Path socketFile;
    private final PasswordPrompt passwordPrompt;
    private final String noPromptReason;
    private volatile String promptedPassword;

    private ConnectionSettings(Builder b, List<DatabaseUrl.Host> hosts, String database, String user) {
        this.url = b.url;
        this.settingsServers = List.copyOf(b.settingsServers);
        this.hosts = List.copyOf(hosts);
        this.database = database;
        this.user = user;
        this.warnings = new ArrayList<>();
        this.passwordPrompt = b.passwordPrompt;
        this.noPromptReason = b.noPromptReason;
        DatabaseUrl.Host firstHost = this.hosts.get(0);
        this.socketFile = firstHost.isSocket() ? socketFile(Path.of(firstHost.name()), firstHost.port()) : null;
        Map<String, String> env = b.env;

        // Password: explicit, URL, PGPASSWORD, password file.
        Path file = nonBlank(env.get("PGPASSFILE")) != null
                ? Path.of(env.get("PGPASSFILE"))
                : (b.userHome == null ? null : b.userHome.resolve(".pgpass"));
        this.passwordFile = file;
        this.passwordFileFromEnv = nonBlank(env.get("PGPASSFILE")) != null;
        String urlPassword = emptyToNull(url.password());
        String pw;
        PasswordSource source;
        String origin;
        if (b.password != null && urlPassword != null) {
            throw new SemException("The password is given twice, in the url (" + url.sanitized() + ") and in "
                    + b.passwordOrigin + "; give the password in one place: remove it from the url");
        } else if (b.password != null) {
            pw = b.password;
            source = PasswordSource.EXPLICIT;
            origin = b.passwordOrigin;
        } else if (urlPassword != null) {
            pw = urlPassword;
            source = PasswordSource.URL;
            origin = "the url";
        } else if (nonBlank(env.get("PGPASSWORD")) != null) {
            pw = env.get("PGPASSWORD");
            source = PasswordSource.PGPASSWORD;
            origin = "PGPASSWORD";
        } else {
            DatabaseUrl.Host first = hosts.get(0);
            Optional<String> fromFile = PgPass.lookup(file, first.name(), first.port(), database, user, warnings);
            if (fromFile.isEmpty()
                    && first.isSocket()
                    && DEFAULT_SOCKET_DIRECTORIES.contains(Path.of(first.name()).normalize())) {
                // libpq: "localhost" in the password file matches the default socket directory too.
                fromFile = PgPass.lookup(file, "localhost", first.port(), database, user, warnings);
            }
            pw = fromFile.orElse(null);
            source = fromFile.isPresent() ? PasswordSource.PASSWORD_FILE : PasswordSource.NONE;
            origin = fromFile.isPresent() ? "password file " + file : "nowhere";
        }
        this.password = pw;
        this.passwordSource = source;
        this.passwordOrigin = origin;

        Map<String, String> client = new LinkedHashMap<>();
        this.properties = LibpqProperties.driverProperties(url, env, b.toolVersion, client, warnings);
        if (socketFile != null) {
            // As libpq: no TLS and no GSS encryption over a Unix socket, and no TCP keepalives.
            properties.setProperty("socketFactory", UNIX_SOCKET_FACTORY);
            properties.setProperty("socketFactoryArg", socketFile.toString());
            properties.setProperty("sslmode", "disable");
            properties.setProperty("gssEncMode", "disable");
            properties.setProperty("tcpKeepAlive", "false");
        }
        this.clientSettings = Collections.unmodifiableMap(client);
        this.assumedTarget = b.assumed ? assumedTarget(b, env) : null;
    }

    /** Which target was assumed and where each part of it came from, with how to choose another. */
    private Message assumedTarget(Builder b, Map<String, String> env) {
        String hostOrigin = nonBlank(env.get("PGHOST")) != null ? "PGHOST" : "default";
        String portOrigin = nonBlank(env.get("PGPORT")) != null ? "PGPORT" : "default";
        String databaseOrigin = url.database().isPresent()
                ? "given"
                : nonBlank(env.get("PGDATABASE")) != null ? "PGDATABASE" : "the user name, as libpq does";
        String userOrigin;
        if (url.user().isPresent() || b.defaultUser != null) {
            userOrigin = b.defaultUserOrigin == null ? "given" : b.defaultUserOrigin;
        } else if (nonBlank(env.get("PGUSER")) != null) {
            userOrigin = "PGUSER";
        } else {
            userOrigin = "the operating-system user";
        }
        return Message.text("No database was given, so sem assumed " + libpqUri() + " (host " + host() + ": "
                        + hostOrigin + ", port " + port() + ": " + portOrigin + ", database " + database + ": "
                        + databaseOrigin + ", user " + user + ": " + userOrigin + "); choose another with ")
                .then(Option.URL, EXAMPLE_URL);
    }

    /** A builder for {@code url}, which may be {@code postgres://…} or {@code jdbc:postgresql://…}. */
    public static Builder builder(String url) {
        return new Builder(DatabaseUrl.parse(url));
    }

    public static Builder builder(DatabaseUrl url) {
        return new Builder(Objects.requireNonNull(url, "url"));
    }

    /** Builds {@link ConnectionSettings}. Defaults: the process environment, {@code user.home}, {@code user.name}. */
    public static final class Builder {
        private final DatabaseUrl url;
        private String password;
        private String passwordOrigin;
        private Map<String, String> env = System.getenv();
        private Path userHome = homeOrNull();
        private String osUser = System.getProperty("user.name");
        private String toolVersion;
        private String defaultUser;
        private String defaultUserOrigin;
        private List<String> settingsServers = List.of();
        private boolean assumed;
        private List<Path> socketDirectories = DEFAULT_SOCKET_DIRECTORIES;
        private PasswordPrompt passwordPrompt;
        private String noPromptReason;

        private Builder(DatabaseUrl url) {
            this.url = url;
        }

        /**
         * A password from outside the URL, such as a Maven settings.xml server.
         *
         * @param origin where it came from, for messages, for example {@code settings.xml server prod-db}
         */
        public Builder password(String password, String origin) {
            this.password = emptyToNull(password);
            this.passwordOrigin = origin == null ? "settings" : origin;
            return this;
        }

        /** The environment to read {@code PG*} variables from (tests pass their own map). */
        public Builder env(Map<String, String> env) {
            this.env = env == null ? Map.of() : Map.copyOf(env);
            return this;
        }

        /** The home directory for {@code ~/.pgpass}; {@code null} for none. */
        public Builder userHome(Path userHome) {
            this.userHome = userHome;
            return this;
        }

        /** The operating-system user, libpq's last default for the user name. */
        public Builder osUser(String osUser) {
            this.osUser = osUser;
            return this;
        }

        /**
         * The user when the URL names none, ahead of {@code PGUSER}: a Maven settings.xml server's username, or the
         * {@code sem.user} parameter.
         */
        public Builder defaultUser(String user) {
            this.defaultUser = nonBlank(user);
            return this;
        }

        /**
         * {@link #defaultUser(String)}, saying where it came from (for {@link ConnectionSettings#assumedTarget()}),
         * such as {@code settings.xml server sem-db}.
         */
        public Builder defaultUser(String user, String origin) {
            this.defaultUserOrigin = origin;
            return defaultUser(user);
        }

        /**
         * The ids of the settings.xml servers that were looked up for credentials, in order, so that a password
         * problem names them; none outside Maven.
         */
        public Builder settingsServers(List<String> ids) {
            this.settingsServers = ids == null
                    ? List.of()
                    : ids.stream()
                            .filter(id -> id != null && !id.isBlank())
                            .distinct()
                            .toList();
            return this;
        }

        /**
         * Marks the target as assumed: no URL, host, port or name was given, so the URL holds libpq's defaults
         * ({@code PGHOST}, {@code PGPORT}, … or localhost:5432). {@link ConnectionSettings#assumedTarget()} then says
         * so, and a failed connection says how to choose a database.
         */
        public Builder assumedTarget() {
            this.assumed = true;
            return this;
        }

        /**
         * Where to look for the server's Unix socket when neither the URL nor {@code PGHOST} names a host, as libpq
         * does (default: {@code /var/run/postgresql}, then {@code /tmp}).
         */
        public Builder socketDirectories(List<Path> directories) {
            this.socketDirectories = List.copyOf(directories);
            return this;
        }

        /**
         * Who to ask for a password when the server requests one and no source gave one; asked at most once, its answer
         * then used by every connection of these settings.
         */
        public Builder passwordPrompt(PasswordPrompt prompt) {
            this.passwordPrompt = prompt;
            return this;
        }

        /**
         * Why no one can be asked for a password (for example, a batch run), added to the error when the server
         * requests one and no source gave one.
         */
        public Builder noPasswordPrompt(String reason) {
            this.passwordPrompt = null;
            this.noPromptReason = nonBlank(reason);
            return this;
        }

        /** The plugin version, for {@code ApplicationName} ({@code sem <version>}). */
        public Builder toolVersion(String toolVersion) {
            this.toolVersion = toolVersion;
            return this;
        }

        /**
         * Resolves everything.
         *
         * @throws SemException for a socket sem cannot use, a password given twice, or a bad environment value
         */
        public ConnectionSettings build() {
            String user = url.user()
                    .or(() -> Optional.ofNullable(defaultUser))
                    .or(() -> Optional.ofNullable(nonBlank(env.get("PGUSER"))))
                    .or(() -> Optional.ofNullable(nonBlank(osUser)))
                    .orElseThrow(() -> new SemException(
                            "No user name in " + url.sanitized() + "; give one in the url or set PGUSER"));
            String database = url.database()
                    .or(() -> Optional.ofNullable(nonBlank(env.get("PGDATABASE"))))
                    .orElse(user);
            return new ConnectionSettings(this, resolveHosts(), database, user);
        }

        private List<DatabaseUrl.Host> resolveHosts() {
            int envPort = envPort();
            List<DatabaseUrl.Host> given = new ArrayList<>();
            for (DatabaseUrl.Host h : url.hosts()) {
                if (!h.name().isEmpty()) {
                    given.add(h);
                }
            }
            Integer urlPort = url.hosts().isEmpty() ? null : url.hosts().get(0).port();
            if (given.isEmpty()) {
                String hostaddr = url.parameters().get("hostaddr");
                String fromEnv = nonBlank(hostaddr) != null ? hostaddr : nonBlank(env.get("PGHOST"));
                if (fromEnv != null) {
                    for (String h : fromEnv.split(",", -1)) {
                        given.add(new DatabaseUrl.Host(h.strip(), urlPort));
                    }
                }
            }
            if (given.isEmpty()) {
                // libpq: no host means the server's socket in the default directory.
                int port = urlPort != null ? urlPort : envPort;
                for (Path dir : socketDirectories) {
                    if (Files.exists(socketFile(dir, port))) {
                        given.add(new DatabaseUrl.Host(dir.toString(), urlPort));
                        break;
                    }
                }
                if (given.isEmpty()) {
                    throw new SemException("The url " + url.sanitized() + " names no host, so libpq would use the"
                            + " server's Unix socket " + SOCKET_PREFIX + port + " in "
                            + String.join(
                                    " or ",
                                    socketDirectories.stream()
                                            .map(Path::toString)
                                            .toList())
                            + ", and there is none; give the socket directory, such as postgresql:///"
                            + url.database().orElse("<name>") + "?host=/var/run/postgresql, or a TCP host, such as"
                            + " postgres://localhost:" + port + "/"
                            + url.database().orElse("<name>")
                            + ", or set PGHOST");
                }
            }
            List<DatabaseUrl.Host> hosts = new ArrayList<>();
            for (DatabaseUrl.Host h : given) {
                if (h.name().startsWith("@")) {
                    throw new SemException("The url " + url.sanitized() + " names the abstract Unix socket "
                            + h.name() + ", which sem does not support; give the socket's directory (such as"
                            + " /var/run/postgresql) or a TCP host such as localhost instead");
                }
                if (h.isSocket() && given.size() > 1) {
                    throw new SemException("The url " + url.sanitized() + " names the Unix socket directory "
                            + h.name() + " among several hosts; sem connects through a Unix socket only when it is"
                            + " the only host: give that one directory, or TCP hosts only");
                }
                hosts.add(new DatabaseUrl.Host(h.name(), h.port() != null ? h.port() : envPort));
            }
            return hosts;
        }

        private int envPort() {
            int envPort = 5432;
            String p = nonBlank(env.get("PGPORT"));
            if (p != null) {
                try {
                    envPort = Integer.parseInt(p.strip());
                } catch (NumberFormatException e) {
                    throw new SemException("PGPORT[" + p + "] must be a port number such as 5432");
                }
                if (envPort <= 0) {
                    throw new SemException("Port must be > 0");
                }
            }
            return envPort;
        }
    }

    /** The URL as given, sanitized, for messages such as {@code Upgrading schema for <url>}. */
    public String sanitizedUrl() {
        return url.sanitized();
    }

    public DatabaseUrl url() {
        return url;
    }

    /**
     * {@code jdbc:postgresql://host:port[,…]/database}: no user, no password, no parameters. Over a Unix socket the
     * host is {@code localhost}: the driver needs one, the {@linkplain #socketFile() socket} is in the properties.
     */
    public String jdbcUrl() {
        if (socketFile != null) {
            return "jdbc:postgresql://localhost:" + port() + "/" + DatabaseUrl.encode(database);
        }
        StringBuilder sb = new StringBuilder("jdbc:postgresql://");
        for (int i = 0; i < hosts.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(hosts.get(i));
        }
        return sb.append('/').append(DatabaseUrl.encode(database)).toString();
    }

    /**
     * The target as a libpq connection URI that psql and the other libpq tools accept as printed:
     * {@code postgresql://user@host:port[,host:port…]/database}, with {@code sslmode} when one was given; never a
     * password (psql takes it from {@code PGPASSWORD} or {@code ~/.pgpass}, or asks). Over a Unix socket:
     * {@code postgresql://user@/database?host=/socket/directory&port=5432}.
     */
    public String libpqUri() {
        if (socketFile != null) {
            return "postgresql://" + DatabaseUrl.encode(user) + "@/" + DatabaseUrl.encode(database) + "?host="
                    + DatabaseUrl.encodeSocketPath(host()) + "&port=" + port();
        }
        StringBuilder sb = new StringBuilder("postgresql://")
                .append(DatabaseUrl.encode(user))
                .append('@');
        for (int i = 0; i < hosts.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(hosts.get(i));
        }
        sb.append('/').append(DatabaseUrl.encode(database));
        String sslmode = url.parameters().get("sslmode");
        if (sslmode != null && !sslmode.isBlank()) {
            sb.append("?sslmode=").append(DatabaseUrl.encode(sslmode));
        }
        return sb.toString();
    }

    /**
     * The Unix-domain socket file ({@code <directory>/.s.PGSQL.<port>}) when the host is a socket directory, as with
     * {@code postgresql:///db?host=/var/run/postgresql} or {@code PGHOST=/var/run/postgresql}.
     */
    public Optional<Path> socketFile() {
        return Optional.ofNullable(socketFile);
    }

    /**
     * Who connects where, for messages and the password prompt: {@code user@host:port/database} (the host is the
     * socket directory over a Unix socket); never a password.
     */
    public String target() {
        return user + "@" + hosts.get(0) + "/" + database;
    }

    /** The first host (a directory for a Unix socket). */
    public String host() {
        return hosts.get(0).name();
    }

    /** The port of the first host. */
    public int port() {
        return hosts.get(0).port();
    }

    public List<DatabaseUrl.Host> hosts() {
        return hosts;
    }

    public String database() {
        return database;
    }

    public String user() {
        return user;
    }

    /** The password, if any source (or the prompt) gave one. Never log it. */
    public Optional<String> password() {
        return Optional.ofNullable(password != null ? password : promptedPassword);
    }

    public PasswordSource passwordSource() {
        return password == null && promptedPassword != null ? PasswordSource.PROMPT : passwordSource;
    }

    /** Where the password came from, for messages: {@code settings.xml server x}, {@code PGPASSWORD}, … */
    public String passwordOrigin() {
        return password == null && promptedPassword != null ? "the password prompt" : passwordOrigin;
    }

    /**
     * Asks the {@linkplain Builder#passwordPrompt(PasswordPrompt) prompt} for a password, at most once, when no source
     * gave one.
     *
     * @return whether a password was given, so that connecting again may succeed
     */
    synchronized boolean promptForPassword() {
        if (passwordPrompt == null || password().isPresent()) {
            return false;
        }
        PasswordPrompt prompt = passwordPrompt;
        Optional<String> answer = prompt.ask(target());
        if (answer.isEmpty() || answer.get().isEmpty()) {
            return false;
        }
        promptedPassword = answer.get();
        return true;
    }

    /** Whether a password prompt was supplied (it may have been used already). */
    boolean canPrompt() {
        return passwordPrompt != null;
    }

    /** Why no one can be asked for a password, or {@code null}. */
    String noPromptReason() {
        return noPromptReason;
    }

    /**
     * When no database was given ({@link Builder#assumedTarget()}): which target was assumed, where each part came
     * from, and how to choose another.
     */
    public Optional<Message> assumedTarget() {
        return Optional.ofNullable(assumedTarget);
    }

    /**
     * Where a password is looked for, in the order sem looks, for hints: the settings.xml servers, a password in the
     * URL (only when there is one), {@code PGPASSWORD}, then the password file.
     */
    Message passwordSources() {
        List<Message> sources = new ArrayList<>();
        if (!settingsServers.isEmpty()) {
            sources.add(Message.text("settings.xml server " + String.join(", else ", settingsServers)
                    + " (username and password; an encrypted password works)"));
        }
        if (passwordSource == PasswordSource.URL) {
            sources.add(Message.text("a password in ")
                    .then(Option.URL)
                    .then(" (not recommended: it shows in shell history)"));
        }
        sources.add(Message.text("PGPASSWORD"));
        sources.add(Message.text(
                passwordFileFromEnv
                        ? "the password file " + passwordFile + " (PGPASSFILE)"
                        : "~/.pgpass (or the file PGPASSFILE names)"));
        Message all = Message.text("");
        for (int i = 0; i < sources.size(); i++) {
            all = all.then(i == 0 ? "" : i == sources.size() - 1 ? ", then " : ", ")
                    .then(sources.get(i));
        }
        return all;
    }

    /** The password file that was (or would have been) consulted, or {@code null}. */
    public Path passwordFile() {
        return passwordFile;
    }

    /** Driver properties (a copy) without {@code user} and secrets ({@code password}, {@code sslpassword}). */
    public Properties driverProperties() {
        Properties copy = new Properties();
        for (String k : properties.stringPropertyNames()) {
            if (!isSecret(k)) {
                copy.setProperty(k, properties.getProperty(k));
            }
        }
        return copy;
    }

    private static boolean isSecret(String key) {
        return key.toLowerCase(Locale.ROOT).contains("password");
    }

    /** What the driver gets, with user and secrets. */
    Properties connectProperties() {
        Properties p = new Properties();
        p.putAll(properties);
        p.setProperty("user", user);
        password().ifPresent(pw -> p.setProperty("password", pw));
        return p;
    }

    /**
     * Settings libpq would send in its startup packet, which a session must show: {@code PGTZ} as {@code TimeZone},
     * {@code PGDATESTYLE} as {@code DateStyle}, {@code PGGEQO}, and {@code -c} settings from {@code options}.
     */
    public Map<String, String> clientSettings() {
        return clientSettings;
    }

    /** Problems that did not stop the resolution, such as an ignored password file or URL parameter. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** Replaces the password, wherever it occurs in {@code text}, and sanitizes URLs in it. */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String s = text;
        String pw = password().orElse(null);
        if (pw != null && !pw.isEmpty()) {
            s = s.replace(pw, DatabaseUrl.REDACTED);
        }
        String ssl = properties.getProperty("sslpassword");
        if (ssl != null && !ssl.isEmpty()) {
            s = s.replace(ssl, DatabaseUrl.REDACTED);
        }
        return DatabaseUrl.sanitize(s);
    }

    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        for (String k : properties.stringPropertyNames()) {
            shown.put(k, isSecret(k) ? DatabaseUrl.REDACTED : properties.getProperty(k));
        }
        return "ConnectionSettings[url=" + sanitizedUrl() + ", jdbcUrl=" + jdbcUrl() + ", user=" + user + ", password="
                + (password().isEmpty() ? "none" : "from " + passwordOrigin()) + ", properties=" + shown + "]";
    }

    /** {@code -c name=value} and {@code --name=value} switches of libpq's {@code options}, split as the server does. */
    static Map<String, String> optionSettings(String options) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < options.length(); i++) {
            char c = options.charAt(i);
            if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
            } else {
                inWord = true;
                if (c == '\\' && i + 1 < options.length()) {
                    c = options.charAt(++i);
                }
                w.append(c);
            }
        }
        if (inWord) {
            words.add(w.toString());
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            String setting = null;
            if (word.equals("-c") && i + 1 < words.size()) {
                setting = words.get(++i);
            } else if (word.startsWith("-c")) {
                setting = word.substring(2);
            } else if (word.startsWith("--")) {
                setting = word.substring(2);
            }
            int eq = setting == null ? -1 : setting.indexOf('=');
            if (eq > 0) {
                out.put(setting.substring(0, eq).replace('-', '_'), setting.substring(eq + 1));
            }
        }
        return out;
    }

    /** libpq's name of the socket file in a socket directory, before the port. */
    static final String SOCKET_PREFIX = ".s.PGSQL.";

    private static Path socketFile(Path directory, int port) {
        return directory.resolve(SOCKET_PREFIX + port);
    }

    private static Path homeOrNull() {
        String home = System.getProperty("user.home");
        return home == null || home.isBlank() ? null : Path.of(home);
    }

    private static String nonBlank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
