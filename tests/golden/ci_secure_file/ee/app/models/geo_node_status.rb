# frozen_string_literal: true

class GeoNodeStatus < ApplicationRecord
  include ShaAttribute

  belongs_to :geo_node

  delegate :selective_sync_type, to: :geo_node

  after_initialize :initialize_feature_flags

  attr_accessor :storage_shards

  attr_accessor :repository_verification_enabled

  # Prometheus metrics, no need to store them in the database
  attr_accessor :event_log_max_id, :repository_created_max_id, :repository_updated_max_id,
                :repository_deleted_max_id, :repository_renamed_max_id, :repositories_changed_max_id,
                :lfs_object_deleted_max_id, :job_artifact_deleted_max_id

  sha_attribute :storage_configuration_digest

  SELECTIVE_SYNC_TYPES = %w(namespaces shards).freeze

  # Be sure to keep this consistent with Prometheus naming conventions
  PROMETHEUS_METRICS = {
    db_replication_lag_seconds: 'Database replication lag (seconds)',
    repositories_count: 'Total number of repositories available on primary',
    repositories_synced_count: 'Number of repositories synced on secondary',
    repositories_failed_count: 'Number of repositories failed to sync on secondary',
    wikis_count: 'Total number of wikis available on primary',
    wikis_synced_count: 'Number of wikis synced on secondary',
    wikis_failed_count: 'Number of wikis failed to sync on secondary',
    lfs_objects_count: 'Total number of syncable LFS objects available on primary',
    lfs_objects_synced_count: 'Number of syncable LFS objects synced on secondary',
    lfs_objects_failed_count: 'Number of syncable LFS objects failed to sync on secondary',
    job_artifacts_count: 'Total number of syncable job artifacts available on primary',
    job_artifacts_synced_count: 'Number of syncable job artifacts synced on secondary',
    job_artifacts_failed_count: 'Number of syncable job artifacts failed to sync on secondary',
    attachments_count: 'Total number of syncable file attachments available on primary',
    attachments_synced_count: 'Number of syncable file attachments synced on secondary',
    attachments_failed_count: 'Number of syncable file attachments failed to sync on secondary',
    replication_slots_count: 'Total number of replication slots on the primary',
    replication_slots_used_count: 'Number of replication slots in use on the primary',
    last_event_id: 'Database ID of the latest event log entry on the primary',
    last_event_timestamp: 'Time of the latest event log entry on the primary',
    cursor_last_event_id: 'Last database ID of the event log processed by the secondary',
    cursor_last_event_timestamp: 'Time of the event log processed by the secondary',
    last_successful_status_check_timestamp: 'Time when Geo node status was updated internally',
    package_files_count: 'Number of package files on primary',
    package_files_checksummed_count: 'Number of package files checksummed on primary',
    package_files_checksum_failed_count: 'Number of package files failed to checksum on primary',
    package_files_registry_count: 'Number of package files in the registry',
    package_files_synced_count: 'Number of package files synced on secondary',
    package_files_failed_count: 'Number of package files failed to sync on secondary',
    ci_secure_files_count: 'Number of CI secure files on primary',
    ci_secure_files_checksummed_count: 'Number of CI secure files checksummed on primary',
    ci_secure_files_checksum_failed_count: 'Number of CI secure files failed to checksum on primary',
    ci_secure_files_registry_count: 'Number of CI secure files in the registry',
    ci_secure_files_synced_count: 'Number of CI secure files synced on secondary',
    ci_secure_files_failed_count: 'Number of CI secure files failed to sync on secondary'
  }.freeze

  EXPIRATION_IN_MINUTES = 5
  HEALTHY_STATUS = 'Healthy'
  UNHEALTHY_STATUS = 'Unhealthy'

  def self.current_node_status
    current_node = Gitlab::Geo.current_node
    return unless current_node

    status = current_node.find_or_build_status
    status.load_data_from_current_node
    status.save if Gitlab::Geo.primary?

    status
  end

  def self.fast_current_node_status
    attrs = Rails.cache.read(cache_key)

    if attrs
      new(attrs)
    else
      spawn_worker
      nil
    end
  end

  def self.spawn_worker
    ::Geo::MetricsUpdateWorker.perform_async
  end

  def self.cache_key
    "geo-node:#{Gitlab::Geo.current_node.id}:status"
  end

  def self.attr_in_percentage(attr_name, count, total)
    define_method("#{attr_name}_in_percentage") do
      return if self[count].nil? || self[total].nil?

      calc_percentage(total, count)
    end
  end

  # Be sure to keep this consistent with the JSON schema in
  # ee/spec/fixtures/api/schemas/public_api/v4/geo_node_status.json
  RESOURCE_STATUS_FIELDS = %w(
    repository_verification_enabled
    repositories_replication_enabled
    repositories_synced_count
    repositories_failed_count
    lfs_objects_synced_count
    lfs_objects_failed_count
    attachments_synced_count
    attachments_failed_count
    wikis_synced_count
    wikis_failed_count
    job_artifacts_synced_count
    job_artifacts_failed_count
    repositories_verified_count
    repositories_verification_failed_count
    repositories_checksummed_count
    repositories_checksum_failed_count
    container_repositories_replication_enabled
    container_repositories_synced_count
    container_repositories_failed_count
    package_files_count
    package_files_checksummed_count
    package_files_checksum_failed_count
    package_files_synced_count
    package_files_failed_count
    package_files_registry_count
    ci_secure_files_count
    ci_secure_files_checksummed_count
    ci_secure_files_checksum_failed_count
    ci_secure_files_synced_count
    ci_secure_files_failed_count
    ci_secure_files_registry_count
  ).freeze

  # Why are disabled classes being included? Because the number of fields
  # must not change between the primary and the secondaries.
  RESOURCE_STATUS_FIELDS.each do |field|
    define_method(field) do
      status[field].nil? ? nil : status[field]
    end

    define_method("#{field}=") do |value|
      status[field] = value
    end
  end

  attr_in_percentage :repositories_synced,           :repositories_synced_count,           :projects_count
  attr_in_percentage :repositories_checksummed,      :repositories_checksummed_count,      :projects_count
  attr_in_percentage :repositories_verified,         :repositories_verified_count,         :projects_count
  attr_in_percentage :wikis_synced,                  :wikis_synced_count,                  :projects_count
  attr_in_percentage :wikis_checksummed,             :wikis_checksummed_count,             :projects_count
  attr_in_percentage :lfs_objects_synced,            :lfs_objects_synced_count,            :lfs_objects_count
  attr_in_percentage :job_artifacts_synced,          :job_artifacts_synced_count,          :job_artifacts_count
  attr_in_percentage :attachments_synced,            :attachments_synced_count,            :attachments_count
  attr_in_percentage :replication_slots_used,        :replication_slots_used_count,        :replication_slots_count
  attr_in_percentage :container_repositories_synced, :container_repositories_synced_count, :container_repositories_count
  attr_in_percentage :package_files_checksummed,     :package_files_checksummed_count,     :package_files_count
  attr_in_percentage :package_files_synced,          :package_files_synced_count,          :package_files_registry_count
  attr_in_percentage :ci_secure_files_checksummed,   :ci_secure_files_checksummed_count,   :ci_secure_files_count
  attr_in_percentage :ci_secure_files_synced,        :ci_secure_files_synced_count,        :ci_secure_files_registry_count

  def initialize_feature_flags
    self.repository_verification_enabled = Gitlab::Geo.repository_verification_enabled?
  end

  def update_cache!
    Rails.cache.write(self.class.cache_key, attributes)
  end

  def load_data_from_current_node
    self.status_message =
      begin
        HealthCheck.new.perform_checks
      rescue => e
        "#{e.class.name}: #{e.message}"
      end

    latest_event = Geo::EventLog.latest_event
    self.last_event_id = latest_event&.id
    self.last_event_date = latest_event&.created_at
    self.repositories_count = projects.count
    self.wikis_count = projects.count
    self.lfs_objects_count = lfs_objects.count
    self.job_artifacts_count = job_artifacts.count
    self.attachments_count = attachments.count
    self.package_files_count = Geo::PackageFileReplicator.primary_total_count
    self.ci_secure_files_count = Geo::CiSecureFileReplicator.primary_total_count
    self.last_successful_status_check_at = Time.current
    self.storage_shards = StorageShard.all
    self.storage_configuration_digest = StorageShard.build_digest

    self.version = Gitlab::VERSION
    self.revision = Gitlab.revision

    load_primary_data
    load_secondary_data
    load_verification_data

    self
  end

  def load_primary_data
    if Gitlab::Geo.primary?
      self.replication_slots_count = geo_node.replication_slots_count
      self.replication_slots_used_count = geo_node.replication_slots_used_count
      self.replication_slots_max_retained_wal_bytes = geo_node.replication_slots_max_retained_wal_bytes
    end
  end

  def load_secondary_data
    if Gitlab::Geo.secondary?
      self.db_replication_lag_seconds = Gitlab::Geo::HealthCheck.new.db_replication_lag_seconds
      self.cursor_last_event_id = current_cursor_last_event_id
      self.cursor_last_event_date = Geo::EventLog.find_by(id: cursor_last_event_id)&.created_at
      self.repositories_synced_count = registries_for_synced_projects(:repository).count
      self.repositories_failed_count = registries_for_failed_projects(:repository).count
      self.lfs_objects_synced_count = lfs_objects_finder.count_synced
      self.lfs_objects_failed_count = lfs_objects_finder.count_failed

      load_container_registry_data
      load_package_files_data
      load_ci_secure_files_data
    end
  end

  def load_container_registry_data
    return unless container_repositories_replication_enabled

    self.container_repositories_synced_count = container_registry_finder.count_synced
    self.container_repositories_failed_count = container_registry_finder.count_failed
  end

  def load_package_files_data
    self.package_files_registry_count = Geo::PackageFileReplicator.registry_count
    self.package_files_synced_count = Geo::PackageFileReplicator.synced_count
    self.package_files_failed_count = Geo::PackageFileReplicator.failed_count
  end

  def load_ci_secure_files_data
    self.ci_secure_files_registry_count = Geo::CiSecureFileReplicator.registry_count
    self.ci_secure_files_synced_count = Geo::CiSecureFileReplicator.synced_count
    self.ci_secure_files_failed_count = Geo::CiSecureFileReplicator.failed_count
  end

  def load_verification_data
    if repository_verification_enabled
      if Gitlab::Geo.primary?
        load_primary_verification_data
      elsif Gitlab::Geo.secondary?
        load_secondary_verification_data
      end
    end
  end

  def load_primary_verification_data
    self.repositories_checksummed_count = repository_verification_finder.count_verified_repositories
    self.repositories_checksum_failed_count = repository_verification_finder.count_verification_failed_repositories
    self.wikis_checksummed_count = repository_verification_finder.count_verified_wikis
    self.wikis_checksum_failed_count = repository_verification_finder.count_verification_failed_wikis
    self.package_files_checksummed_count = Geo::PackageFileReplicator.checksummed_count
    self.package_files_checksum_failed_count = Geo::PackageFileReplicator.checksum_failed_count
    self.ci_secure_files_checksummed_count = Geo::CiSecureFileReplicator.checksummed_count
    self.ci_secure_files_checksum_failed_count = Geo::CiSecureFileReplicator.checksum_failed_count
  end

  def load_secondary_verification_data
    self.repositories_verified_count = registries_for_verified_projects(:repository).count
    self.repositories_verification_failed_count = registries_for_verification_failed_projects(:repository).count
  end

  def current_cursor_last_event_id
    return unless Gitlab::Geo.secondary?

    min_gap_id = ::Gitlab::Geo::EventGapTracking.min_gap_id
    last_processed_id = Geo::EventLogState.last_processed&.event_id

    [min_gap_id, last_processed_id].compact.min
  end

  def healthy?
    !outdated? && status_message_healthy?
  end

  def health
    status_message
  end

  def outdated?
    return false unless updated_at

    updated_at < EXPIRATION_IN_MINUTES.minutes.ago
  end

  private

  def calc_percentage(total, count)
    return 0 if !self[total] || self[total] == 0

    (self[count].to_f / self[total].to_f) * 100.0
  end

  def status_message_healthy?
    status_message.blank? || status_message == HEALTHY_STATUS
  end
end
