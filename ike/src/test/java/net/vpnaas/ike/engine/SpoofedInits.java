package net.vpnaas.ike.engine;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.vpnaas.ike.config.ProposalParser;
import net.vpnaas.ike.crypto.ClientPuzzle;
import net.vpnaas.ike.crypto.PrfAlgorithm;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.IkeDecodeException;
import net.vpnaas.ike.message.IkeHeader;
import net.vpnaas.ike.message.IkeMessage;
import net.vpnaas.ike.message.KeyExchangeMethod;
import net.vpnaas.ike.message.KeyExchangePayload;
import net.vpnaas.ike.message.NoncePayload;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;
import net.vpnaas.ike.message.Payload;
import net.vpnaas.ike.message.PuzzleNotification;
import net.vpnaas.ike.message.PuzzleSolutionPayload;
import net.vpnaas.ike.message.SecurityAssociationPayload;
import net.vpnaas.ike.task.ProposalSelection;
import net.vpnaas.ike.transport.Datagram;

/**
 * IKE_SA_INIT requests made by hand, as a flood or an initiator of our choosing would send them, handed
 * straight to a responder engine ({@link IkeEngine#receive}) from any source address; and its stateless
 * answers (COOKIE, PUZZLE), read back from the {@link InMemoryNetwork} that records what it sent. The
 * KE is an X25519 public value (any 32 octets are one), so an admitted request costs the responder its
 * key exchange as a real one would.
 */
public final class SpoofedInits {
    private final IkeEngine responder;
    private final InMemoryNetwork net;
    private final InetSocketAddress responderAddress;
    private final byte[] ke = new byte[32];

    SpoofedInits(IkeEngine responder, InMemoryNetwork net, InetAddress responderAddress) {
        this.responder = responder;
        this.net = net;
        this.responderAddress = new InetSocketAddress(responderAddress, 500);
        new Random(7).nextBytes(ke);
    }

    /** The request of SPIi {@code spi} (its nonce follows from the SPI, so a retry carries the same), with a COOKIE and PS if given. */
    public static byte[] request(long spi, Optional<Bytes> cookie, Optional<byte[]> solution, byte[] ke) {
        List<Payload> payloads = new ArrayList<>();
        cookie.ifPresent(c -> payloads.add(NotifyPayload.of(NotifyType.COOKIE, c)));
        payloads.add(new SecurityAssociationPayload(ProposalSelection.offerIke(List.of(ProposalParser.ike("aes256gcm16-prfsha256-x25519")),
                Bytes.EMPTY, true)));
        payloads.add(KeyExchangePayload.of(KeyExchangeMethod.of(31), Bytes.wrap(ke)));
        payloads.add(new NoncePayload(Bytes.wrap(ByteBuffer.allocate(32).putLong(spi).putLong(~spi).array())));
        solution.ifPresent(s -> payloads.add(new PuzzleSolutionPayload(Bytes.wrap(s))));
        return IkeMessage.of(IkeHeader.of(spi, 0, ExchangeType.IKE_SA_INIT, true, false, 0), payloads).encode();
    }

    void send(InetAddress from, long spi, Optional<Bytes> cookie, Optional<byte[]> solution) {
        responder.receive(new Datagram(responderAddress, new InetSocketAddress(from, 500), request(spi, cookie, solution, ke)));
    }

    /** The responder's latest answer to SPIi {@code spi}, if any. */
    Optional<IkeMessage> lastAnswer(long spi) {
        List<InMemoryNetwork.Sent> sent = net.sent();
        for (int i = sent.size() - 1; i >= 0; i--) {
            InMemoryNetwork.Sent s = sent.get(i);
            if (s.header().initiatorSpi() == spi && s.header().response() && s.header().exchangeType() == ExchangeType.IKE_SA_INIT) {
                try {
                    return Optional.of(IkeMessage.decode(s.datagram().data().clone()));
                } catch (IkeDecodeException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return Optional.empty();
    }

    static Optional<Bytes> cookieOf(IkeMessage answer) {
        return answer.notify(NotifyType.COOKIE).map(NotifyPayload::data);
    }

    static Optional<PuzzleNotification> puzzleOf(IkeMessage answer) {
        return answer.notify(NotifyType.PUZZLE).flatMap(n -> PuzzleNotification.decode(n.data()));
    }

    /**
     * Sends a request, and again with the COOKIE (and the puzzle's solution if {@code solve}) if one came:
     * what an initiator does, from any address. The responder's answers to cookieless requests are
     * synchronous, so no waiting is needed.
     */
    void initiate(InetAddress from, long spi, boolean solve) {
        send(from, spi, Optional.empty(), Optional.empty());
        Optional<IkeMessage> answer = lastAnswer(spi);
        Optional<Bytes> cookie = answer.flatMap(SpoofedInits::cookieOf);
        if (cookie.isEmpty()) return;
        Optional<byte[]> solution = solve ? answer.flatMap(SpoofedInits::puzzleOf)
                .map(p -> ClientPuzzle.solve(PrfAlgorithm.byId(p.prfId()).orElseThrow(), cookie.get().toByteArray(), p.difficulty()))
                : Optional.empty();
        send(from, spi, cookie, solution);
    }
}
