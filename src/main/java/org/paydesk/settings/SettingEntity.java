package org.paydesk.settings;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.paydesk.db.Versioned;

/** One setting as an administrator edits it, under a version. */
@Entity
@Table(name = "setting")
public class SettingEntity implements Versioned {

    @Id
    @Column(name = "key")
    private String key;

    @Column(nullable = false)
    private String value;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    @Column(nullable = false)
    private long version;

    protected SettingEntity() {
    }

    public String getKey() {
        return key;
    }

    public String getValue() {
        return value;
    }

    void change(String value) {
        this.value = value;
        this.updatedAt = Instant.now();
    }

    @Override
    public long getVersion() {
        return version;
    }
}
