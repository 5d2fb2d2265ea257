/**
 * The typed shapes of responses and pushes that are not a protocol object of their own ({@code Chat},
 * {@code Message}, ...): one record per shape, its JSON field names and order as PROTOCOL.md gives them
 * (the order is declared, so every dialect renders the same shape).
 */
package io.xuanxuan.model.results;
