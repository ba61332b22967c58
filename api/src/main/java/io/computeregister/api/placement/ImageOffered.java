package io.computeregister.api.placement;

/**
 * A named image ({@code docker_requirement.base_image}) only where the miner's catalog offers it: our miners list
 * theirs in {@code Specs.images}; an original miner runs its own image whatever is asked (docs/protocol.md §3.3), so
 * it offers none by name. No name asked (the default): every miner. One list scan of a handful of names.
 */
final class ImageOffered implements Feasibility {

    private static final Verdict NOT_OFFERED = new Verdict.Unresolvable(Reasons.IMAGE);

    @Override
    public String name() {
        return "image-offered";
    }

    @Override
    public Verdict check(PlacementRequest request, IndexedMiner miner, Held held) {
        if (request.image() == null) return Verdict.FITS;
        Offer offer = miner.hardware() == null ? null : miner.hardware().offer();
        return offer != null && offer.images().contains(request.image()) ? Verdict.FITS : NOT_OFFERED;
    }
}
