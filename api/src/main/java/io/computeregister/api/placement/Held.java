package io.computeregister.api.placement;

/**
 * Which miners are currently reserved or allocated, as this process last saw it. Only a hint for placement: the
 * store's reservation constraint is what actually prevents double-booking.
 */
@FunctionalInterface
public interface Held {

    Held NONE = hotkey -> false;

    boolean isHeld(String hotkey);
}
