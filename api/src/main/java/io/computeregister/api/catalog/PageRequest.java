package io.computeregister.api.catalog;

import io.computeregister.api.http.RequestReader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The original's {@code _paginate_list} (docs/protocol.md §2.19), with one fix (docs/compatibility.md row 37): a
 * {@code page_number} or {@code page_size} below 1 is a 422 naming it instead of Python negative slicing. Absent
 * {@code page_number} means no paging (everything on page 1, {@code page_size} ignored); absent {@code page_size}
 * means 50.
 */
public record PageRequest(Integer number, Integer size) {

    static final int DEFAULT_SIZE = 50;
    static final String AT_LEAST_ONE = "Input should be greater than or equal to 1";

    public static PageRequest read(RequestReader in) {
        Integer size = in.queryInt("page_size");
        Integer number = in.queryInt("page_number");
        in.require(size == null || size >= 1, "page_size", AT_LEAST_ONE);
        in.require(number == null || number >= 1, "page_number", AT_LEAST_ONE);
        return new PageRequest(number, size);
    }

    /** The page size in effect when paging (50 when not given). */
    public int sizeOrDefault() {
        return size == null ? DEFAULT_SIZE : size;
    }

    public <T> Page<T> apply(List<T> all) {
        if (number == null) return page(all, all.size());
        long from = (long) (number - 1) * sizeOrDefault();
        long to = Math.min((long) number * sizeOrDefault(), all.size());
        return page(from >= all.size() ? List.of() : all.subList((int) from, (int) to), all.size());
    }

    /** The page of {@code total} items whose own items are {@code items}. */
    private <T> Page<T> page(List<T> items, long total) {
        if (number == null) return new Page<>(items, 1, items.size(), null);
        long end = (long) number * sizeOrDefault();
        return new Page<>(items, number, sizeOrDefault(), end < total ? number + 1 : null);
    }

    /** Collects this page from items offered one by one (a filtered walk over a list); see {@link Cut#offer}. */
    public <T> Cut<T> cut() {
        return new Cut<>();
    }

    /** A page being cut from a walk: keeps only the page's own items, and knows when the walk can stop. */
    public final class Cut<T> {
        private final List<T> items = new ArrayList<>();
        private final long from = number == null ? 0 : (long) (number - 1) * sizeOrDefault();
        private final long to = number == null ? Long.MAX_VALUE : (long) number * sizeOrDefault();
        private long offered;

        /**
         * Counts one more item of the list; false once one item past the page's end was offered (the walk may stop:
         * that one is only needed to know a next page exists).
         */
        public boolean offer(T item) {
            if (offered >= from && offered < to) items.add(item);
            offered++;
            return offered <= to;
        }

        /** True while no item was offered: the list is empty (not merely this page). */
        public boolean none() {
            return offered == 0;
        }

        public Page<T> page() {
            return PageRequest.this.page(items, offered);
        }
    }

    /** The page object: {@code page_items, page_number, page_size, next_page_number} (null on the last page). */
    public record Page<T>(List<T> pageItems, int pageNumber, int pageSize, Integer nextPageNumber) {

        /** The same page with each item turned into what the answer shows (only this page's items are built). */
        public <R> Page<R> map(Function<T, R> shown) {
            return new Page<>(pageItems.stream().map(shown).toList(), pageNumber, pageSize, nextPageNumber);
        }
    }
}
