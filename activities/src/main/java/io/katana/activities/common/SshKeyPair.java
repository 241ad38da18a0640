package io.katana.activities.common;

import io.katana.workflows.common.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.util.OpenSSHPrivateKeyUtil;
import org.bouncycastle.crypto.util.OpenSSHPublicKeyUtil;

/** An ed25519 key pair in the formats OpenSSH reads: a private key file and an authorized_keys line. */
public record SshKeyPair(Secret privateKey, String publicKey) {

    public static SshKeyPair generate(String comment) {
        try {
            return encode(comment);
        } catch (IOException e) {
            // Encoding into memory: nothing here does real I/O.
            throw new UncheckedIOException(e);
        }
    }

    private static SshKeyPair encode(String comment) throws IOException {
        Ed25519KeyPairGenerator generator = new Ed25519KeyPairGenerator();
        generator.init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        AsymmetricCipherKeyPair pair = generator.generateKeyPair();
        String body = Base64.getMimeEncoder(70, new byte[] {'\n'})
                .encodeToString(OpenSSHPrivateKeyUtil.encodePrivateKey(pair.getPrivate()));
        String privateKey = "-----BEGIN OPENSSH PRIVATE KEY-----\n" + body + "\n-----END OPENSSH PRIVATE KEY-----\n";
        String publicKey = "ssh-ed25519 "
                + Base64.getEncoder().encodeToString(OpenSSHPublicKeyUtil.encodePublicKey(pair.getPublic()))
                + " " + comment;
        return new SshKeyPair(Secret.of(privateKey), publicKey);
    }
}
