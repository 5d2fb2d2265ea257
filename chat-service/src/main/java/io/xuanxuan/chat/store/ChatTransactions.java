package io.xuanxuan.chat.store;

import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/** Runs several statements of the chat tables as one transaction (all or nothing). */
public class ChatTransactions {

    private final TransactionalOperator operator;

    public ChatTransactions(TransactionalOperator operator) {
        this.operator = operator;
    }

    public <T> Mono<T> run(Mono<T> work) {
        return operator.transactional(work);
    }
}
