# frozen_string_literal: true

FactoryBot.define do
  factory :geo_node_status do
    sequence(:id)
    geo_node
    storage_shards { StorageShard.all }

    trait :healthy do
      status_message { nil }
      attachments_count { 329 }
      attachments_failed_count { 13 }
      attachments_synced_count { 141 }
      attachments_synced_missing_on_primary_count { 89 }
      lfs_objects_count { 256 }
      lfs_objects_failed_count { 12 }
      lfs_objects_synced_count { 123 }
      lfs_objects_synced_missing_on_primary_count { 90 }
      job_artifacts_count { 580 }
      job_artifacts_failed_count { 3 }
      job_artifacts_synced_count { 577 }
      job_artifacts_synced_missing_on_primary_count { 91 }
      container_repositories_count { 400 }
      container_repositories_registry_count { 203 }
      container_repositories_failed_count { 3 }
      container_repositories_synced_count { 200 }
      repositories_count { 10 }
      repositories_synced_count { 5 }
      repositories_failed_count { 0 }
      wikis_count { 9 }
      wikis_synced_count { 4 }
      wikis_failed_count { 1 }
      repositories_checksummed_count { 600 }
      repositories_checksum_failed_count { 120 }
      wikis_checksummed_count { 585 }
      wikis_checksum_failed_count { 55 }
      replication_slots_count { 4 }
      replication_slots_used_count { 2 }
      replication_slots_max_retained_wal_bytes { 2.megabytes }
      last_event_id { 2 }
      last_event_timestamp { Time.now.to_i }
      cursor_last_event_id { 1 }
      cursor_last_event_timestamp { Time.now.to_i }
      last_successful_status_check_timestamp { 2.minutes.ago }
      version { Gitlab::VERSION }
      revision { Gitlab.revision }
      package_files_count { 585 }
      package_files_checksummed_count { 502 }
      package_files_checksum_failed_count { 83 }
      package_files_registry_count { 585 }
      package_files_synced_count { 510 }
      package_files_failed_count { 75 }
      ci_secure_files_count { 585 }
      ci_secure_files_checksummed_count { 502 }
      ci_secure_files_checksum_failed_count { 83 }
      ci_secure_files_registry_count { 585 }
      ci_secure_files_synced_count { 510 }
      ci_secure_files_failed_count { 75 }
    end

    trait :unhealthy do
      status_message { "Could not connect to Geo node - HTTP Status Code: 401 Unauthorized\nTest" }
    end
  end
end
