# frozen_string_literal: true

class GeoNodeStatus < ApplicationRecord
  include ShaAttribute

  belongs_to :geo_node

  delegate :selective_sync_type, to: :geo_node

  after_initialize :initialize_feature_flags
  before_save :coerce_status_field_values, if: :status_changed?

  attr_accessor :storage_shards

  # Prometheus metrics, no need to store them in the database
  attr_accessor :event_log_max_id, :repository_created_max_id, :repository_updated_max_id,
                :repository_deleted_max_id, :lfs_object_deleted_max_id, :job_artifact_deleted_max_id,
                :lfs_objects_registry_count, :job_artifacts_registry_count, :attachments_registry_count,
                :repositories_checked_count, :repositories_checked_failed_count

  sha_attribute :storage_configuration_digest

  alias_attribute :repositories_count, :projects_count
  alias_attribute :wikis_count, :projects_count

  attribute_method_suffix '_timestamp', '_timestamp='

  alias_attribute :last_successful_status_check_timestamp, :last_successful_status_check_at_timestamp
  alias_attribute :last_event_timestamp, :last_event_date_timestamp
  alias_attribute :cursor_last_event_timestamp, :cursor_last_event_date_timestamp

  RESOURCE_STATUS_FIELDS = %w(
    repository_verification_enabled
    repositories_replication_enabled
    repositories_synced_count
    repositories_failed_count
    lfs_objects_replication_enabled
    lfs_objects_count
    lfs_objects_synced_count
    lfs_objects_failed_count
    attachments_replication_enabled
    attachments_count
    attachments_synced_count
    attachments_failed_count
    wikis_synced_count
    wikis_failed_count
    job_artifacts_replication_enabled
    job_artifacts_count
    job_artifacts_synced_count
    job_artifacts_failed_count
    repositories_checksummed_count
    repositories_checksum_failed_count
    wikis_checksummed_count
    wikis_checksum_failed_count
    projects_count
    container_repositories_replication_enabled
    container_repositories_count
    container_repositories_synced_count
    container_repositories_failed_count
    container_repositories_registry_count
    design_repositories_replication_enabled
    design_repositories_count
    design_repositories_synced_count
    design_repositories_failed_count
    package_files_count
    package_files_checksummed_count
    package_files_checksum_failed_count
    package_files_synced_count
    package_files_failed_count
    package_files_registry_count
    widgets_count
    widgets_checksummed_count
    widgets_checksum_failed_count
    widgets_synced_count
    widgets_failed_count
    widgets_registry_count

  ).freeze

  # Be sure to keep this consistent with Prometheus naming conventions
  PROMETHEUS_METRICS = {
    db_replication_lag_seconds: 'Database replication lag (seconds)',
    repository_verification_enabled: 'Boolean denoting if verification is enabled for Repositories',
    repositories_replication_enabled: 'Boolean denoting if replication is enabled for Repositories',
    repositories_count: 'Total number of repositories available on primary',
    repositories_synced_count: 'Number of repositories synced on secondary',
    repositories_failed_count: 'Number of repositories failed to sync on secondary',
    wikis_synced_count: 'Number of wikis synced on secondary',
    wikis_failed_count: 'Number of wikis failed to sync on secondary',
    repositories_checksummed_count: 'Number of repositories checksummed on primary',
    repositories_checksum_failed_count: 'Number of repositories failed to calculate the checksum on primary',
    lfs_objects_count: 'Total number of syncable LFS objects available on primary',
    lfs_objects_synced_count: 'Number of syncable LFS objects synced on secondary',
    lfs_objects_failed_count: 'Number of syncable LFS objects failed to sync on secondary',
    lfs_objects_registry_count: 'Number of LFS objects in the registry',
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
    status_message: 'Summary of health status',
    container_repositories_count: 'Total number of syncable container repositories available on primary',
    container_repositories_synced_count: 'Number of syncable container repositories synced on secondary',
    container_repositories_failed_count: 'Number of syncable container repositories failed to sync on secondary',
    container_repositories_registry_count: 'Number of container repositories in the registry',
    design_repositories_count: 'Total number of syncable design repositories available on primary',
    design_repositories_synced_count: 'Number of syncable design repositories synced on secondary',
    design_repositories_failed_count: 'Number of syncable design repositories failed to sync on secondary',
    design_repositories_registry_count: 'Number of design repositories in the registry',
    package_files_count: 'Number of package files on primary',
    package_files_checksummed_count: 'Number of package files checksummed on primary',
    package_files_checksum_failed_count: 'Number of package files failed to checksum on primary',
    package_files_registry_count: 'Number of package files in the registry',
    package_files_synced_count: 'Number of package files synced on secondary',
    package_files_failed_count: 'Number of package files failed to sync on secondary',
    widgets_count: 'Number of widgets on primary',
    widgets_checksummed_count: 'Number of widgets checksummed on primary',
    widgets_checksum_failed_count: 'Number of widgets failed to checksum on primary',
    widgets_registry_count: 'Number of widgets in the registry',
    widgets_synced_count: 'Number of widgets synced on secondary',
    widgets_failed_count: 'Number of widgets failed to sync on secondary'
  }.freeze

  EXPIRATION_IN_MINUTES = 10
  HEALTHY_STATUS = 'Healthy'.freeze
  UNHEALTHY_STATUS = 'Unhealthy'.freeze

  def self.alternative_status_store_accessor(attr_names)
    attr_names.each do |attr_name|
      define_method(attr_name) do
        val = status[attr_name]

        # Rows written before the `status` column existed keep the value in
        # its own column
        val ||= read_attribute(attr_name)

        convert_status_value(attr_name, val)
      end

      define_method("#{attr_name}=") do |val|
        status[attr_name] = convert_status_value(attr_name, val)
      end
    end
  end

  alternative_status_store_accessor RESOURCE_STATUS_FIELDS

  def self.current_node_status
    current_node = Gitlab::Geo.current_node
    return unless current_node

    status = current_node.find_or_build_status

    status.load_data_from_current_node

    status.save if Gitlab::Geo.primary?

    status
  end

  def self.cache_key
    "geo-node:#{Gitlab::Geo.current_node.id}:status"
  end

  def convert_status_value(attr_name, val)
    return if val.nil?

    case attr_name
    when /_count\z/ then val.to_i
    when /_enabled\z/ then val.to_s == 'true'
    else raise "Unhandled status attribute name format \"#{attr_name}\""
    end
  end

  def coerce_status_field_values
    status_attrs = status.slice(*RESOURCE_STATUS_FIELDS)
    self.assign_attributes(status_attrs)
  end

  def initialize_feature_flags
    self.repository_verification_enabled = Gitlab::Geo.repository_verification_enabled?

    if Gitlab::Geo.secondary?
      self.attachments_replication_enabled = Geo::UploadRegistry.replication_enabled?
      self.container_repositories_replication_enabled = Geo::ContainerRepositoryRegistry.replication_enabled?
      self.design_repositories_replication_enabled = Geo::DesignRegistry.replication_enabled?
      self.job_artifacts_replication_enabled = Geo::JobArtifactRegistry.replication_enabled?
      self.lfs_objects_replication_enabled = Geo::LfsObjectRegistry.replication_enabled?
      self.repositories_replication_enabled = Geo::ProjectRegistry.replication_enabled?
    end
  end

  def load_data_from_current_node
    latest_event = Geo::EventLog.latest_event
    self.last_event_id = latest_event&.id
    self.last_event_date = latest_event&.created_at
    self.last_successful_status_check_at = Time.current

    self.storage_shards = StorageShard.all
    self.storage_configuration_digest = StorageShard.build_digest

    self.version = Gitlab::VERSION
    self.revision = Gitlab.revision

    self.projects_count = geo_node.projects.count
    self.package_files_count = Geo::PackageFileReplicator.primary_total_count
    self.widgets_count = Geo::WidgetReplicator.primary_total_count

    load_status_message
    load_event_data
    load_primary_data
    load_secondary_data
    load_repository_check_data
    load_verification_data
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

  def outdated?
    return false unless updated_at

    updated_at < EXPIRATION_IN_MINUTES.minutes.ago
  end

  def status_message_healthy?
    status_message.blank? || status_message == HEALTHY_STATUS
  end

  def self.percentage_methods
    @percentage_methods || []
  end

  def self.attr_in_percentage(attr_name, count, total)
    method_name = "#{attr_name}_in_percentage"
    @percentage_methods ||= []
    @percentage_methods << method_name

    define_method(method_name) do
      return 0 if self[total].to_i == 0

      (self[count].to_f / self[total].to_f) * 100.0
    end
  end

  attr_in_percentage :repositories_synced,           :repositories_synced_count,           :repositories_count
  attr_in_percentage :repositories_checksummed,      :repositories_checksummed_count,      :repositories_count
  attr_in_percentage :repositories_verified,         :repositories_verified_count,         :repositories_count
  attr_in_percentage :repositories_checked,          :repositories_checked_count,          :repositories_count
  attr_in_percentage :wikis_synced,                  :wikis_synced_count,                  :wikis_count
  attr_in_percentage :wikis_checksummed,             :wikis_checksummed_count,             :wikis_count
  attr_in_percentage :lfs_objects_synced,            :lfs_objects_synced_count,            :lfs_objects_count
  attr_in_percentage :job_artifacts_synced,          :job_artifacts_synced_count,          :job_artifacts_count
  attr_in_percentage :attachments_synced,            :attachments_synced_count,            :attachments_count
  attr_in_percentage :replication_slots_used,        :replication_slots_used_count,        :replication_slots_count
  attr_in_percentage :container_repositories_synced, :container_repositories_synced_count, :container_repositories_count
  attr_in_percentage :design_repositories_synced,    :design_repositories_synced_count,    :design_repositories_count
  attr_in_percentage :package_files_checksummed,     :package_files_checksummed_count,     :package_files_count
  attr_in_percentage :package_files_synced,          :package_files_synced_count,          :package_files_registry_count
  attr_in_percentage :widgets_checksummed,           :widgets_checksummed_count,           :widgets_count
  attr_in_percentage :widgets_synced,                :widgets_synced_count,                :widgets_registry_count

  def synced_in_percentage_for(replicator_class)
    public_send("#{replicator_class.replicable_name_plural}_synced_in_percentage") # rubocop:disable GitlabSecurity/PublicSend
  end

  def checksummed_in_percentage_for(replicator_class)
    public_send("#{replicator_class.replicable_name_plural}_checksummed_in_percentage") # rubocop:disable GitlabSecurity/PublicSend
  end

  def [](key)
    public_send(key) # rubocop:disable GitlabSecurity/PublicSend
  end

  private

  def load_status_message
    self.status_message =
      begin
        HealthCheck::Utils.process_checks(['geo'])
      rescue NotImplementedError => e
        e.to_s
      end
  end

  def load_event_data
    self.event_log_max_id = Geo::EventLog.maximum(:id)
    self.repository_created_max_id = Geo::RepositoryCreatedEvent.maximum(:id)
    self.repository_updated_max_id = Geo::RepositoryUpdatedEvent.maximum(:id)
    self.repository_deleted_max_id = Geo::RepositoryDeletedEvent.maximum(:id)
    self.lfs_object_deleted_max_id = Geo::LfsObjectDeletedEvent.maximum(:id)
    self.job_artifact_deleted_max_id = Geo::JobArtifactDeletedEvent.maximum(:id)
  end

  def load_primary_data
    return unless Gitlab::Geo.primary?

    self.lfs_objects_count = LfsObject.count
    self.job_artifacts_count = Ci::JobArtifact.not_expired.count
    self.attachments_count = Upload.count

    self.replication_slots_count = geo_node.replication_slots_count
    self.replication_slots_used_count = geo_node.replication_slots_used_count
  end

  def load_secondary_data
    return unless Gitlab::Geo.secondary?

    self.db_replication_lag_seconds = Gitlab::Geo::HealthCheck.new.db_replication_lag_seconds
    self.cursor_last_event_id = current_cursor_last_event_id
    self.cursor_last_event_date = Geo::EventLog.find_by(id: self.cursor_last_event_id)&.created_at

    load_repositories_data
    load_lfs_objects_data
    load_job_artifacts_data
    load_attachments_data
    load_container_registry_data
    load_designs_data
    load_package_files_data
    load_widgets_data
  end

  def load_repositories_data
    self.repositories_synced_count = Geo::ProjectRegistry.synced(:repository).count
    self.repositories_failed_count = Geo::ProjectRegistry.sync_failed(:repository).count
    self.wikis_synced_count = Geo::ProjectRegistry.synced(:wiki).count
    self.wikis_failed_count = Geo::ProjectRegistry.sync_failed(:wiki).count
  end

  def load_lfs_objects_data
    return unless lfs_objects_replication_enabled

    self.lfs_objects_count = lfs_objects_finder.count_syncable
    self.lfs_objects_synced_count = lfs_objects_finder.count_synced
    self.lfs_objects_failed_count = lfs_objects_finder.count_failed
    self.lfs_objects_registry_count = lfs_objects_finder.count_registry
  end

  def load_job_artifacts_data
    return unless job_artifacts_replication_enabled

    self.job_artifacts_count = job_artifacts_finder.count_syncable
    self.job_artifacts_synced_count = job_artifacts_finder.count_synced
    self.job_artifacts_failed_count = job_artifacts_finder.count_failed
    self.job_artifacts_registry_count = job_artifacts_finder.count_registry
  end

  def load_attachments_data
    return unless attachments_replication_enabled

    self.attachments_count = attachments_finder.count_syncable
    self.attachments_synced_count = attachments_finder.count_synced
    self.attachments_failed_count = attachments_finder.count_failed
    self.attachments_registry_count = attachments_finder.count_registry
  end

  def load_container_registry_data
    return unless container_repositories_replication_enabled

    self.container_repositories_count = container_registry_finder.count_syncable
    self.container_repositories_synced_count = container_registry_finder.count_synced
    self.container_repositories_failed_count = container_registry_finder.count_failed
    self.container_repositories_registry_count = container_registry_finder.count_registry
  end

  def load_designs_data
    return unless design_repositories_replication_enabled

    self.design_repositories_count = design_registry_finder.count_syncable
    self.design_repositories_synced_count = design_registry_finder.count_synced
    self.design_repositories_failed_count = design_registry_finder.count_failed
    self.design_repositories_registry_count = design_registry_finder.count_registry
  end

  def load_package_files_data
    # return unless package_files_replication_enabled # TODO: https://gitlab.com/gitlab-org/gitlab/-/issues/221069

    self.package_files_registry_count = Geo::PackageFileReplicator.registry_count
    self.package_files_synced_count = Geo::PackageFileReplicator.synced_count
    self.package_files_failed_count = Geo::PackageFileReplicator.failed_count
  end

  def load_widgets_data
    self.widgets_registry_count = Geo::WidgetReplicator.registry_count
    self.widgets_synced_count = Geo::WidgetReplicator.synced_count
    self.widgets_failed_count = Geo::WidgetReplicator.failed_count
  end

  def load_repository_check_data
    if Gitlab::Geo.primary?
      self.repositories_checked_count = Project.where.not(last_repository_check_at: nil).count
      self.repositories_checked_failed_count = Project.where(last_repository_check_failed: true).count
    elsif Gitlab::Geo.secondary?
      self.repositories_checked_count = Geo::ProjectRegistry.where.not(last_repository_check_at: nil).count
      self.repositories_checked_failed_count = Geo::ProjectRegistry.where(last_repository_check_failed: true).count
    end
  end

  def load_verification_data
    return unless repository_verification_enabled

    if Gitlab::Geo.primary?
      load_primary_verification_data
    elsif Gitlab::Geo.secondary?
      load_secondary_verification_data
    end
  end

  def load_primary_verification_data
    self.repositories_checksummed_count = repository_verification_finder.count_verified_repositories
    self.repositories_checksum_failed_count = repository_verification_finder.count_verification_failed_repositories
    self.wikis_checksummed_count = repository_verification_finder.count_verified_wikis
    self.wikis_checksum_failed_count = repository_verification_finder.count_verification_failed_wikis
    self.package_files_checksummed_count = Geo::PackageFileReplicator.checksummed_count
    self.package_files_checksum_failed_count = Geo::PackageFileReplicator.checksum_failed_count
    self.widgets_checksummed_count = Geo::WidgetReplicator.checksummed_count
    self.widgets_checksum_failed_count = Geo::WidgetReplicator.checksum_failed_count
  end

  def load_secondary_verification_data
    self.repositories_verified_count = Geo::ProjectRegistry.verified(:repository).count
    self.repositories_verification_failed_count = Geo::ProjectRegistry.verification_failed(:repository).count
    self.wikis_verified_count = Geo::ProjectRegistry.verified(:wiki).count
    self.wikis_verification_failed_count = Geo::ProjectRegistry.verification_failed(:wiki).count
  end

  def lfs_objects_finder
    @lfs_objects_finder ||= Geo::LfsObjectRegistryFinder.new(current_node_id: geo_node.id)
  end

  def job_artifacts_finder
    @job_artifacts_finder ||= Geo::JobArtifactRegistryFinder.new(current_node_id: geo_node.id)
  end

  def attachments_finder
    @attachments_finder ||= Geo::AttachmentRegistryFinder.new(current_node_id: geo_node.id)
  end

  def container_registry_finder
    @container_registry_finder ||= Geo::ContainerRepositoryRegistryFinder.new(current_node_id: geo_node.id)
  end

  def design_registry_finder
    @design_registry_finder ||= Geo::DesignRegistryFinder.new(current_node_id: geo_node.id)
  end

  def repository_verification_finder
    @repository_verification_finder ||= Geo::RepositoryVerificationFinder.new
  end
end
