package org.envgate.common.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.envgate.common.config.ConfigFiles;

/**
 * TLS from PEM files, the way brokers' docs and certificate authorities hand them out: client
 * sockets for {@code ssl://} brokers, and a server context for the status page's HTTPS.
 */
public final class TlsSockets {

    private static final Pattern PKCS8 = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private TlsSockets() {
    }

    public static SSLSocketFactory factory(Optional<Path> caFile, Optional<Path> certFile, Optional<Path> keyFile)
            throws IOException {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (caFile.isPresent()) {
                KeyStore cas = KeyStore.getInstance(KeyStore.getDefaultType());
                cas.load(null, null);
                int i = 0;
                for (Certificate ca : certificates(caFile.get())) {
                    cas.setCertificateEntry("ca-" + i++, ca);
                }
                trust.init(cas);
            } else {
                trust.init((KeyStore) null);
            }
            KeyManager[] keys = certFile.isPresent() && keyFile.isPresent()
                    ? keyManagers(certFile.get(), keyFile.get()) : null;
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS set-up failed: " + e.getMessage(), e);
        }
    }

    /**
     * A server's TLS context from its certificate (chain) and its unencrypted PKCS#8 key.
     *
     * @throws PemFileException naming the file at fault, also when the key is not the certificate's
     */
    public static SSLContext serverContext(Path certFile, Path keyFile) throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers(certFile, keyFile), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS set-up failed: " + e.getMessage(), e);
        }
    }

    /** A PEM file that cannot serve: the message names it. */
    public static final class PemFileException extends IOException {

        private final Path file;

        PemFileException(Path file, String message, Throwable cause) {
            super(message, cause);
            this.file = file;
        }

        public Path file() {
            return file;
        }
    }

    private static KeyManager[] keyManagers(Path certFile, Path keyFile) throws IOException, GeneralSecurityException {
        Certificate[] chain = certificates(certFile).toArray(new Certificate[0]);
        PrivateKey key = privateKey(keyFile);
        checkPair(key, chain[0], keyFile, certFile);
        char[] none = new char[0];
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setKeyEntry("own", key, none, chain);
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, none);
        return keys.getKeyManagers();
    }

    /** A key from another pair would only fail in the handshake, with a message naming neither file. */
    private static void checkPair(PrivateKey key, Certificate certificate, Path keyFile, Path certFile)
            throws IOException {
        String mismatch = keyFile + " is not the key of the certificate in " + certFile;
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> "Ed25519";
        };
        byte[] probe = new byte[32];
        new SecureRandom().nextBytes(probe);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            if (!verifier.verify(signature)) {
                throw new PemFileException(keyFile, mismatch, null);
            }
        } catch (GeneralSecurityException e) {
            throw new PemFileException(keyFile, mismatch + " (" + e.getMessage() + ")", e);
        }
    }

    private static Collection<? extends Certificate> certificates(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new PemFileException(pem, pem + " holds no PEM certificate", null);
            }
            return certs;
        } catch (java.security.cert.CertificateException e) {
            throw new PemFileException(pem, pem + " is not a PEM certificate file: " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
        String text = ConfigFiles.readNamedFile(pem);
        Matcher m = PKCS8.matcher(text);
        if (!m.find()) {
            throw new PemFileException(pem, pem + " holds no unencrypted PKCS#8 key ('BEGIN PRIVATE KEY'); convert it "
                    + "with: openssl pkcs8 -topk8 -nocrypt -in OLD.key -out " + pem.getFileName(), null);
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(m.group(1)));
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (java.security.spec.InvalidKeySpecException tryNext) {
                // the PEM does not say the algorithm; the next one may fit
            }
        }
        throw new PemFileException(pem, pem + ": key is neither RSA, EC nor Ed25519", null);
    }
}
