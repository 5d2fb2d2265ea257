package io.xuanxuan.presence.store;

import io.r2dbc.spi.Readable;
import io.xuanxuan.presence.domain.Account;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The {@code user_account} table. Deleted accounts are invisible to every query here. */
public class AccountStore {

    private static final String COLUMNS = "id, account, password_hash, realname, avatar, role, dept, status, admin, "
            + "gender, email, mobile, phone, site, failed_logins, locked_until";

    private final DatabaseClient db;

    public AccountStore(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Account> findByAccount(String account) {
        return db.sql("SELECT " + COLUMNS + " FROM user_account WHERE account = :account AND deleted = FALSE")
                .bind("account", account)
                .map(AccountStore::toAccount)
                .one();
    }

    public Mono<Account> findById(long id) {
        return db.sql("SELECT " + COLUMNS + " FROM user_account WHERE id = :id AND deleted = FALSE")
                .bind("id", id)
                .map(AccountStore::toAccount)
                .one();
    }

    public Flux<Account> findAll() {
        return db.sql("SELECT " + COLUMNS + " FROM user_account WHERE deleted = FALSE ORDER BY id")
                .map(AccountStore::toAccount)
                .all();
    }

    public Mono<Long> count() {
        return db.sql("SELECT COUNT(*) AS n FROM user_account").map(row -> row.get("n", Long.class)).one();
    }

    public Mono<Long> insert(String account, String passwordHash, String realname, String role, long dept,
                             String admin, String gender, String email, String mobile, String phone, String site,
                             long createdAt) {
        return db.sql("INSERT INTO user_account (account, password_hash, realname, role, dept, admin, gender, email, "
                        + "mobile, phone, site, created_at) VALUES (:account, :hash, :realname, :role, :dept, :admin, "
                        + ":gender, :email, :mobile, :phone, :site, :created)")
                .bind("account", account)
                .bind("hash", passwordHash)
                .bind("realname", realname)
                .bind("role", role)
                .bind("dept", dept)
                .bind("admin", admin)
                .bind("gender", gender)
                .bind("email", email)
                .bind("mobile", mobile)
                .bind("phone", phone)
                .bind("site", site)
                .bind("created", createdAt)
                .filter(statement -> statement.returnGeneratedValues("id"))
                .map(row -> row.get("id", Long.class))
                .one();
    }

    public Mono<Void> updateProfile(long id, String realname, String role, long dept, String admin, String gender,
                                    String email, String mobile, String phone, String site) {
        return db.sql("UPDATE user_account SET realname = :realname, role = :role, dept = :dept, admin = :admin, "
                        + "gender = :gender, email = :email, mobile = :mobile, phone = :phone, site = :site WHERE id = :id")
                .bind("realname", realname)
                .bind("role", role)
                .bind("dept", dept)
                .bind("admin", admin)
                .bind("gender", gender)
                .bind("email", email)
                .bind("mobile", mobile)
                .bind("phone", phone)
                .bind("site", site)
                .bind("id", id)
                .then();
    }

    public Mono<Void> updatePassword(long id, String passwordHash) {
        return db.sql("UPDATE user_account SET password_hash = :hash WHERE id = :id")
                .bind("hash", passwordHash).bind("id", id).then();
    }

    public Mono<Void> updateStatus(long id, String status) {
        return db.sql("UPDATE user_account SET status = :status WHERE id = :id")
                .bind("status", status).bind("id", id).then();
    }

    /**
     * Sets the user offline unless the user has a session (a login that took one in the meantime keeps
     * the user online: a login stores its session before its status).
     */
    public Mono<Void> markOfflineUnlessInSession(long id) {
        return db.sql("UPDATE user_account SET status = 'offline' WHERE id = :id "
                        + "AND NOT EXISTS (SELECT 1 FROM user_session WHERE user_session.user_id = :id)")
                .bind("id", id).then();
    }

    public Mono<Void> updateRealname(long id, String realname) {
        return db.sql("UPDATE user_account SET realname = :realname WHERE id = :id")
                .bind("realname", realname).bind("id", id).then();
    }

    /** Records a failed login; {@code lockedUntil} is 0 unless this failure locks the account. */
    public Mono<Void> recordFailure(long id, int failedLogins, long lockedUntil) {
        return db.sql("UPDATE user_account SET failed_logins = :failed, locked_until = :locked WHERE id = :id")
                .bind("failed", failedLogins).bind("locked", lockedUntil).bind("id", id).then();
    }

    /** Forgets the failed logins counted so far (the password matched), leaving the status as it is. */
    public Mono<Void> clearFailures(long id) {
        return db.sql("UPDATE user_account SET failed_logins = 0, locked_until = 0 WHERE id = :id")
                .bind("id", id).then();
    }

    public Mono<Void> recordSuccess(long id, String status) {
        return db.sql("UPDATE user_account SET failed_logins = 0, locked_until = 0, status = :status WHERE id = :id")
                .bind("status", status).bind("id", id).then();
    }

    /** Everyone still marked online when the server starts was cut off by a stop: they are offline now. */
    public Mono<Long> markAllOffline() {
        return db.sql("UPDATE user_account SET status = 'offline' WHERE status <> 'offline'").fetch().rowsUpdated();
    }

    private static Account toAccount(Readable row) {
        return new Account(
                row.get("id", Long.class),
                row.get("account", String.class),
                row.get("password_hash", String.class),
                row.get("realname", String.class),
                row.get("avatar", String.class),
                row.get("role", String.class),
                row.get("dept", Long.class),
                row.get("status", String.class),
                row.get("admin", String.class),
                row.get("gender", String.class),
                row.get("email", String.class),
                row.get("mobile", String.class),
                row.get("phone", String.class),
                row.get("site", String.class),
                row.get("failed_logins", Integer.class),
                row.get("locked_until", Long.class),
                false);
    }
}
