package io.xuanxuan.presence.domain;

import io.xuanxuan.model.objects.User;
import io.xuanxuan.presence.store.AccountStore;
import io.xuanxuan.presence.store.DepartmentStore;
import java.time.Clock;
import reactor.core.publisher.Mono;

/** Creates and updates accounts on an operator's behalf (demo data, import file). */
public class AccountProvisioning {

    public enum Change { CREATED, UPDATED }

    private final AccountStore accounts;
    private final DepartmentStore departments;
    private final Clock clock;

    public AccountProvisioning(AccountStore accounts, DepartmentStore departments, Clock clock) {
        this.accounts = accounts;
        this.departments = departments;
        this.clock = clock;
    }

    /** Creates the account, or updates its profile (and password, if one is given) when it exists. */
    public Mono<Change> createOrUpdate(NewAccount a) {
        Mono<Long> dept = a.deptName() == null || a.deptName().isBlank() ? Mono.just(0L) : departments.idOf(a.deptName());
        String admin = User.ADMIN_SUPER.equals(a.admin()) ? User.ADMIN_SUPER : User.ADMIN_NO;
        return dept.flatMap(deptId -> accounts.findByAccount(a.account())
                .flatMap(existing -> accounts.updateProfile(existing.id(), a.realname(), a.role(), deptId, admin,
                                a.gender(), a.email(), a.mobile(), a.phone(), a.site())
                        .then(a.passwordHash() == null ? Mono.empty() : accounts.updatePassword(existing.id(), a.passwordHash()))
                        .thenReturn(Change.UPDATED))
                .switchIfEmpty(Mono.defer(() -> a.passwordHash() == null
                        ? Mono.error(new IllegalArgumentException("new account '" + a.account() + "' needs a password"))
                        : accounts.insert(a.account(), a.passwordHash(), a.realname(), a.role(),
                                deptId, admin, a.gender(), a.email(), a.mobile(), a.phone(), a.site(),
                                clock.instant().getEpochSecond())
                        .thenReturn(Change.CREATED))));
    }
}
