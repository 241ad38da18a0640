package io.katana.activities.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.model.Filters;
import io.katana.activities.ItPlatform;
import io.katana.activities.gitserver.GitAdminToken;
import io.katana.activities.gitserver.InstallState;
import io.katana.activities.store.KatanaStore;
import io.katana.activities.store.MySql;
import io.katana.workflows.common.Secret;
import io.katana.workflows.init.GitDatabaseSetup;
import io.katana.workflows.init.GitServerSetup;
import io.katana.workflows.init.InfrasetResult;
import io.katana.workflows.init.MongoSetup;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each init step against the real servers of the test bed, twice: the second run changes nothing. */
class InitActivitiesIT {

    private static ItPlatform platform;
    private static InitActivitiesImpl init;

    @BeforeAll
    static void open() {
        platform = new ItPlatform();
        init = platform.init();
    }

    @AfterAll
    static void close() {
        platform.close();
    }

    @Test
    void anExternalInfrasetCreatesOnlyTheAdminNamespace() {
        InfrasetResult result = init.applyInfraset();

        assertThat(result.managed()).isFalse();
        assertThat(result.objects()).containsExactly("Namespace/" + platform.adminNamespace);
        assertThat(platform.kube.namespaces().withName(platform.adminNamespace).get().getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/managed-by", "katana");
        assertThat(platform.kube.apps().statefulSets().inNamespace(platform.adminNamespace).list().getItems())
                .isEmpty();
        init.awaitInfraset();
    }

    @Test
    void theAdminAccountIsStoredHashedAndTheIndexesExist() {
        MongoSetup first = init.setUpMongo();
        MongoSetup second = init.setUpMongo();

        assertThat(second.adminCreated()).isFalse();
        assertThat(second.indexes()).isEqualTo(first.indexes()).contains("patches.by_commit", "patches.by_sequence");
        Document admin = platform.mongo.getDatabase(first.database()).getCollection(KatanaStore.ADMINS)
                .find(Filters.eq("_id", "admin")).first();
        String token = platform.initSettings.katanaAdminPassword().reveal();
        assertThat(admin.getString("passwordHash")).startsWith("$2").doesNotContain(token);
        assertThat(admin.toJson()).doesNotContain(token);
        assertThat(platform.store.adminPasswordMatches("admin", platform.initSettings.katanaAdminPassword())).isTrue();
        assertThat(platform.store.adminPasswordMatches("admin", Secret.of("not-the-token"))).isFalse();
    }

    @Test
    void theGitDatabaseUserIsGrantedOnItsDatabaseAloneAndKeepsItsPassword() throws Exception {
        init.applyInfraset();
        GitDatabaseSetup first = init.setUpGitDatabase();
        Map<String, String> secret = platform.objects.secretValues(platform.adminNamespace,
                InitActivitiesImpl.GIT_DB_SECRET).orElseThrow();
        GitDatabaseSetup second = init.setUpGitDatabase();

        assertThat(second.passwordCreated()).isFalse();
        assertThat(platform.objects.secretValues(platform.adminNamespace, InitActivitiesImpl.GIT_DB_SECRET)
                .orElseThrow()).isEqualTo(secret);
        String url = platform.initSettings.mysqlUrl();
        try (Connection gitDb = MySql.connect(url + first.database(), first.user(), Secret.of(secret.get("password")),
                ItPlatform.TIMEOUT); Statement sql = gitDb.createStatement()) {
            sql.execute("CREATE TABLE IF NOT EXISTS katana_it (id INT)");
            assertThatThrownBy(() -> sql.execute("CREATE DATABASE katana_it_other"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("denied");
            assertThatThrownBy(() -> sql.executeQuery("SELECT * FROM mysql.user"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("denied");
        }
    }

    @Test
    void theGitServerIsInstalledOnceAndItsAdminTokenIsKeptInASecret() throws Exception {
        init.applyInfraset();
        init.setUpGitDatabase();
        GitServerSetup first = init.setUpGitServer();
        String token = platform.objects.secretValues(platform.adminNamespace, GitAdminToken.SECRET).orElseThrow()
                .get("token");
        GitServerSetup second = init.setUpGitServer();

        assertThat(platform.git.installState()).isEqualTo(InstallState.INSTALLED);
        assertThat(second.installedNow()).isFalse();
        assertThat(second.version()).isEqualTo("1.27.3").isEqualTo(first.version());
        assertThat(second.tokenSecret()).isEqualTo(GitAdminToken.SECRET);
        assertThat(platform.objects.secretValues(platform.adminNamespace, GitAdminToken.SECRET).orElseThrow()
                .get("token")).as("a valid token is kept, not replaced").isEqualTo(token);
        assertThat(platform.git.currentUser(Secret.of(token)).login()).isEqualTo(platform.gitAdmin.user());
    }

    @Test
    void theRegistryAnswers() {
        assertThat(init.checkRegistry().ready()).isTrue();
    }
}
