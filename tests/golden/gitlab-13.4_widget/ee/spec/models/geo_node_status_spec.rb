# frozen_string_literal: true

require 'spec_helper'

RSpec.describe GeoNodeStatus, :geo do
  include ::EE::GeoHelpers

  let!(:primary) { create(:geo_node, :primary) }
  let!(:secondary) { create(:geo_node) }

  let!(:group)     { create(:group) }
  let!(:project_1) { create(:project, group: group) }
  let!(:project_2) { create(:project, group: group) }
  let!(:project_3) { create(:project) }
  let!(:project_4) { create(:project) }

  subject(:status) { described_class.current_node_status }

  before do
    stub_current_geo_node(secondary)
  end

  describe '#healthy?' do
    context 'when health is blank' do
      it 'returns true' do
        subject.status_message = ''

        expect(subject.healthy?).to be true
      end
    end

    context 'when health is present' do
      it 'returns false' do
        subject.status_message = 'something went wrong'

        expect(subject.healthy?).to be false
      end
    end
  end

  describe '#projects_count' do
    it 'counts the number of projects' do
      expect(subject.projects_count).to eq 4
    end
  end

  describe '#lfs_objects_synced_in_percentage' do
    it 'returns 0 when there are no registries' do
      expect(subject.lfs_objects_synced_in_percentage).to eq(0)
    end

    it 'returns the right percentage' do
      create(:geo_lfs_object_registry)
      create(:geo_lfs_object_registry, :failed)
      create(:geo_lfs_object_registry, :never_synced)
      create(:geo_lfs_object_registry, :never_synced)

      expect(subject.lfs_objects_synced_in_percentage).to be_within(0.0001).of(25)
    end
  end

  describe '#repositories_checksummed_count' do
    before do
      stub_current_geo_node(primary)
    end

    it 'returns the right number of checksummed repositories' do
      create(:repository_state, :repository_verified)
      create(:repository_state, :repository_verified)

      expect(subject.repositories_checksummed_count).to eq(2)
    end
  end

  describe '#repositories_checked_count' do
    before do
      stub_application_setting(repository_checks_enabled: true)
    end

    context 'current is a Geo primary' do
      before do
        stub_current_geo_node(primary)
      end

      it 'counts the number of repo checked projects' do
        project_1.update!(last_repository_check_at: 2.minutes.ago)
        project_2.update!(last_repository_check_at: 7.minutes.ago)

        expect(status.repositories_checked_count).to eq(2)
      end
    end
  end

  describe '#package_files_checksummed_count' do
    before do
      stub_current_geo_node(primary)
    end

    it 'returns the right number of checksummed package files' do
      create(:package_file, :jar, :checksummed)
      create(:package_file, :jar, :checksummed)
      create(:package_file, :jar, :checksum_failure)

      expect(subject.package_files_checksummed_count).to eq(2)
    end
  end

  describe '#package_files_checksum_failed_count' do
    before do
      stub_current_geo_node(primary)
    end

    it 'returns the right number of failed package files' do
      create(:package_file, :jar, :checksummed)
      create(:package_file, :jar, :checksum_failure)
      create(:package_file, :jar, :checksum_failure)

      expect(subject.package_files_checksum_failed_count).to eq(2)
    end
  end

  describe '#package_files_checksummed_in_percentage' do
    before do
      stub_current_geo_node(primary)
    end

    it 'returns 0 when no package files available' do
      expect(subject.package_files_checksummed_in_percentage).to eq(0)
    end

    it 'returns the right percentage' do
      create(:package_file, :jar, :checksummed)
      create(:package_file, :jar, :checksummed)
      create(:package_file, :jar, :checksummed)
      create(:package_file, :jar, :checksum_failure)

      expect(subject.package_files_checksummed_in_percentage).to be_within(0.0001).of(75)
    end
  end

  describe 'package files secondary counters' do
    context 'when package registries available' do
      before do
        create(:geo_package_file_registry, :failed)
        create(:geo_package_file_registry, :failed)
        create(:geo_package_file_registry, :synced)
      end

      it 'returns the right number of repos in registry' do
        expect(subject.package_files_registry_count).to eq(3)
      end

      it 'returns the right number of failed and synced repos' do
        expect(subject.package_files_failed_count).to eq(2)
        expect(subject.package_files_synced_count).to eq(1)
      end

      it 'returns the percent of synced package files' do
        expect(subject.package_files_synced_in_percentage).to be_within(0.01).of(33.33)
      end
    end

    context 'when no package registries available' do
      it 'returns 0' do
        expect(subject.package_files_registry_count).to eq(0)
        expect(subject.package_files_failed_count).to eq(0)
        expect(subject.package_files_synced_count).to eq(0)
      end

      it 'returns 0' do
        expect(subject.package_files_synced_in_percentage).to eq(0)
      end
    end
  end

  describe '#widgets_checksummed_count' do
    before do
      stub_current_geo_node(primary)
    end

    it 'returns the right number of checksummed widgets' do
      create(:widget, :checksummed)
      create(:widget, :checksummed)
      create(:widget, :checksum_failure)

      expect(subject.widgets_checksummed_count).to eq(2)
    end
  end

  describe '#widgets_checksum_failed_count' do
    before do
      stub_current_geo_node(primary)
    end

    it 'returns the right number of failed widgets' do
      create(:widget, :checksummed)
      create(:widget, :checksum_failure)
      create(:widget, :checksum_failure)

      expect(subject.widgets_checksum_failed_count).to eq(2)
    end
  end

  describe '#widgets_checksummed_in_percentage' do
    before do
      stub_current_geo_node(primary)
    end

    it 'returns 0 when no widgets available' do
      expect(subject.widgets_checksummed_in_percentage).to eq(0)
    end

    it 'returns the right percentage' do
      create(:widget, :checksummed)
      create(:widget, :checksummed)
      create(:widget, :checksummed)
      create(:widget, :checksum_failure)

      expect(subject.widgets_checksummed_in_percentage).to be_within(0.0001).of(75)
    end
  end

  describe 'widgets secondary counters' do
    context 'when widget registries available' do
      before do
        create(:geo_widget_registry, :failed)
        create(:geo_widget_registry, :failed)
        create(:geo_widget_registry, :synced)
      end

      it 'returns the right number of repos in registry' do
        expect(subject.widgets_registry_count).to eq(3)
      end

      it 'returns the right number of failed and synced repos' do
        expect(subject.widgets_failed_count).to eq(2)
        expect(subject.widgets_synced_count).to eq(1)
      end

      it 'returns the percent of synced widgets' do
        expect(subject.widgets_synced_in_percentage).to be_within(0.01).of(33.33)
      end
    end

    context 'when no widget registries available' do
      it 'returns 0' do
        expect(subject.widgets_registry_count).to eq(0)
        expect(subject.widgets_failed_count).to eq(0)
        expect(subject.widgets_synced_count).to eq(0)
      end

      it 'returns 0' do
        expect(subject.widgets_synced_in_percentage).to eq(0)
      end
    end
  end

  describe '#load_data_from_current_node' do
    context 'on the primary' do
      before do
        stub_current_geo_node(primary)
      end

      it 'does not call LfsObjectRegistryFinder#count_syncable' do
        expect_any_instance_of(Geo::LfsObjectRegistryFinder).not_to receive(:count_syncable)

        subject
      end
    end

    context 'status counters are converted into integers' do
      it 'returns integer value' do
        subject.status = { "projects_count" => "10" }

        expect(subject.projects_count).to eq 10
      end
    end
  end
end
