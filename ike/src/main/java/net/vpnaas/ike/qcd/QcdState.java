package net.vpnaas.ike.qcd;

/**
 * What quick crash detection did since the engine started.
 *
 * @param answered        INVALID_IKE_SPI answers with a token we sent, as token maker, for IKE SAs we did not know
 * @param rateLimited     such answers left out by the rate limit
 * @param tokensMatched   IKE SAs we ended because the peer showed their token (it lost its state)
 * @param answersIgnored  INVALID_IKE_SPI answers that changed nothing: no token, a wrong one, no IKE SA
 *                        that holds one, or from another address than the peer's
 */
public record QcdState(long answered, long rateLimited, long tokensMatched, long answersIgnored) {
}
