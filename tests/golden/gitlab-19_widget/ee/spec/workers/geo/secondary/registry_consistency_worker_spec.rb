# frozen_string_literal: true

require 'spec_helper'

RSpec.describe Geo::Secondary::RegistryConsistencyWorker, :geo, feature_category: :geo_replication do
  include EE::GeoHelpers
  include ExclusiveLeaseHelpers

  let_it_be(:primary) { create(:geo_node, :primary) }
  let_it_be(:secondary) { create(:geo_node) }

  let(:batch_size) { described_class::BATCH_SIZE }

  subject(:job) { described_class.new }

  before do
    stub_current_geo_node(secondary)
    stub_registry_replication_config(enabled: true)
  end

  it_behaves_like 'reenqueuer'

  it 'uses a cronjob queue' do
    expect(subject.sidekiq_options_hash).to include(
      'queue_namespace' => :cronjob
    )
  end

  describe '#perform' do
    before do
      allow(subject).to receive(:sleep) # keeps the examples fast
    end

    it_behaves_like '#perform is rate limited to 1 call per', 5.seconds

    context 'when RegistryConsistencyService#execute returns false for all registry classes' do
      before do
        subject.send(:registry_classes).each do |registry_class|
          service = double
          expect(Geo::RegistryConsistencyService).to receive(:new).with(registry_class, batch_size: batch_size).and_return(service)
          expect(service).to receive(:execute).and_return(false)
        end
      end

      it 'returns false' do
        expect(subject.perform).to be_falsey
      end
    end

    # An end-to-end check across every registry class
    it 'creates missing registries for each registry class' do
      project = create(:project)
      container_repository = create(:container_repository, project: project)
      job_artifact = create(:ci_job_artifact)
      lfs_object = create(:lfs_object)
      package_file = create(:conan_package_file, :conan_package)
      upload = create(:upload)
      ci_secure_file = create(:ci_secure_file)
      design_management_repository = create(:design_management_repository, project: project)
      helm_metadata_cache = create(:helm_metadata_cache)
      widget = create(:widget)

      expect(Geo::ContainerRepositoryRegistry.where(container_repository_id: container_repository.id).count).to eq(0)
      expect(Geo::DesignManagementRepositoryRegistry.where(design_management_repository_id: design_management_repository.id).count).to eq(0)
      expect(Geo::JobArtifactRegistry.where(artifact_id: job_artifact.id).count).to eq(0)
      expect(Geo::LfsObjectRegistry.where(lfs_object_id: lfs_object.id).count).to eq(0)
      expect(Geo::PackageFileRegistry.where(package_file_id: package_file.id).count).to eq(0)
      expect(Geo::UploadRegistry.where(file_id: upload.id).count).to eq(0)
      expect(Geo::JobArtifactRegistry.where(job_artifact: job_artifact.id).count).to eq(0)
      expect(Geo::CiSecureFileRegistry.where(ci_secure_file: ci_secure_file.id).count).to eq(0)
      expect(Geo::ProjectRepositoryRegistry.where(project_id: project.id).count).to eq(0)
      expect(Geo::PackagesHelmMetadataCacheRegistry.where(packages_helm_metadata_cache_id: helm_metadata_cache.id).count).to eq(0)
      expect(Geo::WidgetRegistry.where(widget_id: widget.id).count).to eq(0)

      subject.perform

      expect(Geo::ContainerRepositoryRegistry.where(container_repository_id: container_repository.id).count).to eq(1)
      expect(Geo::JobArtifactRegistry.where(artifact_id: job_artifact.id).count).to eq(1)
      expect(Geo::LfsObjectRegistry.where(lfs_object_id: lfs_object.id).count).to eq(1)
      expect(Geo::PackageFileRegistry.where(package_file_id: package_file.id).count).to eq(1)
      expect(Geo::UploadRegistry.where(file_id: upload.id).count).to eq(1)
      expect(Geo::JobArtifactRegistry.where(job_artifact: job_artifact.id).count).to eq(1)
      expect(Geo::CiSecureFileRegistry.where(ci_secure_file: ci_secure_file.id).count).to eq(1)
      expect(Geo::ProjectRepositoryRegistry.where(project_id: project.id).count).to eq(1)
      expect(Geo::PackagesHelmMetadataCacheRegistry.where(packages_helm_metadata_cache_id: helm_metadata_cache.id).count).to eq(1)
      expect(Geo::WidgetRegistry.where(widget_id: widget.id).count).to eq(1)
    end

    context 'when the legacy Upload replicator is disabled' do
      before do
        allow(Geo::UploadReplicator).to receive(:replication_enabled?).and_return(false)
      end

      it 'creates missing registries for partition upload registry classes' do
        vulnerability_remediation_upload = create(:geo_vulnerability_remediation_upload)
        abuse_report_upload = create(:geo_abuse_report_upload)

        expect(Geo::VulnerabilityRemediationUploadRegistry.where(vulnerability_remediation_upload_id: vulnerability_remediation_upload.id).count).to eq(0)
        expect(Geo::AbuseReportUploadRegistry.where(abuse_report_upload_id: abuse_report_upload.id).count).to eq(0)

        subject.perform

        expect(Geo::VulnerabilityRemediationUploadRegistry.where(vulnerability_remediation_upload_id: vulnerability_remediation_upload.id).count).to eq(1)
        expect(Geo::AbuseReportUploadRegistry.where(abuse_report_upload_id: abuse_report_upload.id).count).to eq(1)
      end
    end

    context 'when the current Geo node is disabled or primary' do
      before do
        stub_primary_node
      end

      it 'does not execute RegistryConsistencyService' do
        expect(Geo::RegistryConsistencyService).not_to receive(:new)

        subject.perform
      end
    end
  end
end
