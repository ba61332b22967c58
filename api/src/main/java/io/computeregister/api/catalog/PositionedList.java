package io.computeregister.api.catalog;

import io.computeregister.api.catalog.Replies.Positioned;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.Function;

/**
 * A list seen as the original's position-keyed items (position = index + 1), each built when read: a page of it
 * builds its own items only.
 */
final class PositionedList<T, R> extends AbstractList<Positioned<R>> implements RandomAccess {

    private final List<T> list;
    private final Function<T, R> item;

    private PositionedList(List<T> list, Function<T, R> item) {
        this.list = list;
        this.item = item;
    }

    static <T, R> List<Positioned<R>> of(List<T> list, Function<T, R> item) {
        return new PositionedList<>(list, item);
    }

    @Override
    public Positioned<R> get(int index) {
        return new Positioned<>(index + 1, item.apply(list.get(index)));
    }

    @Override
    public int size() {
        return list.size();
    }
}
