package io.xuanxuan.presence.domain;

import io.xuanxuan.model.objects.User;
import io.xuanxuan.model.objects.UserStatus;
import io.xuanxuan.model.protocol.InvalidRequestException;
import io.xuanxuan.presence.store.AccountStore;
import io.xuanxuan.presence.store.UserDirectory;
import reactor.core.publisher.Mono;

/** What a user may change of their own profile: the real name and the status, within their rules. */
public class Profiles {

    private final AccountStore accounts;
    private final UserDirectory directory;
    private final int maxNameLength;

    public Profiles(AccountStore accounts, UserDirectory directory, int maxNameLength) {
        this.accounts = accounts;
        this.directory = directory;
        this.maxNameLength = maxNameLength;
    }

    /** Sets the real name (trimmed, 1 to {@code max-name-length} characters); emits the user as now stored. */
    public Mono<User> changeName(long userId, String requested) {
        String name = requested.trim();
        if (name.isEmpty() || name.length() > maxNameLength) {
            throw new InvalidRequestException("Parameter 'name' must be 1 to " + maxNameLength + " characters.");
        }
        return accounts.updateRealname(userId, name).then(directory.refresh(userId)).map(Account::toUser);
    }

    /** Sets the status to one a user may choose (online, away, busy); emits the user as now stored. */
    public Mono<User> changeStatus(long userId, String requested) {
        String status = UserStatus.selectable(requested)
                .orElseThrow(() -> new InvalidRequestException("Parameter 'status' must be online, away or busy."))
                .wire();
        return accounts.updateStatus(userId, status).then(directory.refresh(userId)).map(Account::toUser);
    }
}
