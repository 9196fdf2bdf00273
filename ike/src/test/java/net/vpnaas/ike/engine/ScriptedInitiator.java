package net.vpnaas.ike.engine;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import net.vpnaas.ike.config.IkeProposalConfig;
import net.vpnaas.ike.crypto.ClientPuzzle;
import net.vpnaas.ike.crypto.Ikev2Kdf;
import net.vpnaas.ike.crypto.KeyExchange;
import net.vpnaas.ike.crypto.PrfAlgorithm;
import net.vpnaas.ike.crypto.RandomSource;
import net.vpnaas.ike.exchange.SkProtection;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.IkeHeader;
import net.vpnaas.ike.message.IkeMessage;
import net.vpnaas.ike.message.KeyExchangePayload;
import net.vpnaas.ike.message.NoncePayload;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;
import net.vpnaas.ike.message.Payload;
import net.vpnaas.ike.message.PayloadProtector;
import net.vpnaas.ike.message.PuzzleNotification;
import net.vpnaas.ike.message.PuzzleSolutionPayload;
import net.vpnaas.ike.message.SecurityAssociationPayload;
import net.vpnaas.ike.sa.IkeAlgorithms;
import net.vpnaas.ike.sa.IkeSaKeys;
import net.vpnaas.ike.task.ProposalSelection;
import net.vpnaas.ike.transport.Datagram;
import net.vpnaas.ike.transport.Transport;

/**
 * An initiator played by hand against a responder {@link IkeEngine}, for what a well-behaved initiator
 * never sends: IKE_SA_INIT with its own key exchange and nonce, the IKE SA's keys derived as RFC 7296
 * 2.14 says, then any protected request. Pass {@link #transport()} to the responder, then
 * {@link #talkTo} it; the responder's answers queue up here.
 */
public final class ScriptedInitiator {
    /**
     * The IKE SA as its initiator sees it after IKE_SA_INIT; {@code initRequest} and {@code nr} for AUTH;
     * {@code authPuzzle} the PUZZLE of the response (RFC 8019 7.2), empty when there was none.
     */
    public record Sa(long spiI, long spiR, IkeAlgorithms algorithms, IkeSaKeys keys, byte[] initRequest, byte[] nr,
                     Optional<PuzzleNotification> authPuzzle) {}

    private final InetSocketAddress responderAddress;
    private final InetSocketAddress ownAddress;
    private final RandomSource random = RandomSource.secure();
    private final BlockingQueue<Datagram> answers = new LinkedBlockingQueue<>();
    private IkeEngine responder;

    public ScriptedInitiator(InetAddress responderAddress, InetAddress ownAddress) {
        this.responderAddress = new InetSocketAddress(responderAddress, 500);
        this.ownAddress = new InetSocketAddress(ownAddress, 500);
    }

    /** The responder's transport: what it sends queues up here, it receives only what {@link #send} gives it. */
    public Transport transport() {
        return new Transport() {
            @Override
            public void start(Consumer<Datagram> receiver) {}

            @Override
            public void send(Datagram datagram) {
                answers.add(datagram);
            }

            @Override
            public void sendNatKeepalive(InetSocketAddress local, InetSocketAddress remote) {}

            @Override
            public void close() {}
        };
    }

    public void talkTo(IkeEngine engine) {
        this.responder = engine;
    }

    /** IKE_SA_INIT offering {@code offer} (with INTERMEDIATE_EXCHANGE_SUPPORTED when it has additional key exchanges). */
    public Sa ikeSaInit(List<IkeProposalConfig> offer, Duration wait) throws Exception {
        return ikeSaInit(offer, List.of(), wait);
    }

    /** As above with {@code extra} payloads after SA, KE and Ni (e.g. N(SECURE_PASSWORD_METHODS)). */
    public Sa ikeSaInit(List<IkeProposalConfig> offer, List<Payload> extra, Duration wait) throws Exception {
        answers.clear();
        long spiI = ByteBuffer.wrap(random.bytes(8)).getLong() | 1; // never 0
        KeyExchange ke = ProposalSelection.preferredGroup(offer).newKeyExchange(random);
        byte[] ni = random.bytes(32);
        List<Payload> payloads = new ArrayList<>(List.of(
                new SecurityAssociationPayload(ProposalSelection.offerIke(offer, Bytes.EMPTY, true)),
                new KeyExchangePayload(ke.method().id(), Bytes.wrap(ke.publicValue())),
                new NoncePayload(Bytes.wrap(ni))));
        payloads.addAll(extra);
        if (ProposalSelection.offersAdditional(offer)) payloads.add(NotifyPayload.of(NotifyType.INTERMEDIATE_EXCHANGE_SUPPORTED, Bytes.EMPTY));
        byte[] request = IkeMessage.of(IkeHeader.of(spiI, 0, ExchangeType.IKE_SA_INIT, true, false, 0), payloads).encode();
        IkeMessage response = exchange(request, spiI, wait);
        Optional<NotifyPayload> cookie = response.notify(NotifyType.COOKIE);
        if (cookie.isPresent()) {
            // HDR, N(COOKIE), SAi1, KEi, Ni [, PS]: the responder's COOKIE first, its PUZZLE (RFC 8019 7.1) solved last.
            List<Payload> again = new ArrayList<>(payloads);
            again.addFirst(cookie.get());
            response.notify(NotifyType.PUZZLE).flatMap(n -> PuzzleNotification.decode(n.data())).ifPresent(p -> again.add(new PuzzleSolutionPayload(
                    Bytes.wrap(ClientPuzzle.solve(PrfAlgorithm.byId(p.prfId()).orElseThrow(), cookie.get().data().toByteArray(), p.difficulty())))));
            request = IkeMessage.of(IkeHeader.of(spiI, 0, ExchangeType.IKE_SA_INIT, true, false, 0), again).encode();
            response = exchange(request, spiI, wait);
        }
        byte[] nr = response.first(NoncePayload.class).orElseThrow().data().toByteArray();
        byte[] gir = ke.sharedSecret(response.first(KeyExchangePayload.class).orElseThrow().data().toByteArray());
        IkeAlgorithms algorithms = ProposalSelection.selectIke(offer,
                response.first(SecurityAssociationPayload.class).orElseThrow().proposals(), true).orElseThrow().algorithms();
        long spiR = response.header().responderSpi();
        return new Sa(spiI, spiR, algorithms,
                IkeSaKeys.derive(algorithms, Ikev2Kdf.skeyseed(algorithms.prf(), ni, nr, gir), ni, nr, spiI, spiR), request, nr,
                response.notify(NotifyType.PUZZLE).flatMap(n -> PuzzleNotification.decode(n.data())));
    }

    /** An IKE_SA_INIT request of SA, KE, Ni and {@code extra} as they are, and the responder's answer, whatever it is. */
    public IkeMessage ikeSaInitAnswer(List<IkeProposalConfig> offer, List<Payload> extra, Duration wait) throws Exception {
        answers.clear();
        long spiI = ByteBuffer.wrap(random.bytes(8)).getLong() | 1;
        KeyExchange ke = ProposalSelection.preferredGroup(offer).newKeyExchange(random);
        List<Payload> payloads = new ArrayList<>(List.of(new SecurityAssociationPayload(ProposalSelection.offerIke(offer, Bytes.EMPTY, true)),
                new KeyExchangePayload(ke.method().id(), Bytes.wrap(ke.publicValue())), new NoncePayload(Bytes.wrap(random.bytes(32)))));
        payloads.addAll(extra);
        return exchange(IkeMessage.of(IkeHeader.of(spiI, 0, ExchangeType.IKE_SA_INIT, true, false, 0), payloads).encode(), spiI, wait);
    }

    /** The responder's answer to {@code request} of IKE SA {@code spiI}; late answers of earlier IKE SAs are passed over. */
    private IkeMessage exchange(byte[] request, long spiI, Duration wait) throws Exception {
        send(request);
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Datagram d = answers.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (d == null) throw new IllegalStateException("no IKE_SA_INIT response");
            IkeMessage m = IkeMessage.decode(d.data().clone());
            if (m.header().initiatorSpi() == spiI) return m;
        }
    }

    /** A request protected with the SA's keys as they are after IKE_SA_INIT. */
    public byte[] request(Sa sa, ExchangeType type, long messageId, List<Payload> inner) {
        return IkeMessage.encodeProtected(IkeHeader.of(sa.spiI(), sa.spiR(), type, true, false, messageId), inner, protector(sa));
    }

    /** As {@link #request}, with {@code clear} in front of the SK payload (RFC 8019 7.2.2: the PS of IKE_AUTH). */
    public byte[] request(Sa sa, ExchangeType type, long messageId, List<Payload> clear, List<Payload> inner) {
        return IkeMessage.encodeProtected(IkeHeader.of(sa.spiI(), sa.spiR(), type, true, false, messageId), clear, inner, protector(sa));
    }

    public PayloadProtector protector(Sa sa) {
        return SkProtection.protector(sa.keys().initiatorCipher(), random);
    }

    public void send(byte[] datagram) {
        responder.receive(new Datagram(responderAddress, ownAddress, datagram));
    }

    /** The responder's next datagram, or null after {@code wait}. */
    public Datagram answer(Duration wait) throws InterruptedException {
        return answers.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The inner payloads of a protected answer, under the keys of IKE_SA_INIT. */
    public static List<Payload> open(Sa sa, Datagram answer) throws Exception {
        return SkProtection.open(IkeMessage.decode(answer.data().clone()), sa.keys().responderCipher());
    }
}
