# frozen_string_literal: true

require 'spec_helper'

RSpec.describe GeoNodeStatus, :geo do
  include ::EE::GeoHelpers

  let!(:primary) { create(:geo_node, :primary) }
  let!(:secondary) { create(:geo_node) }

  subject { described_class.current_node_status }

  before do
    stub_current_geo_node(secondary)
  end

  describe '#fast_current_node_status' do
    it 'reads the cached status' do
      status = described_class.new(healthy: true)
      allow(Rails.cache).to receive(:read).and_return(status.attributes)

      expect(described_class.fast_current_node_status.attributes).to eq(status.attributes)
    end

    it 'spawns a worker when the cache is empty' do
      allow(Rails.cache).to receive(:read).and_return(nil)

      expect(::Geo::MetricsUpdateWorker).to receive(:perform_async)

      expect(described_class.fast_current_node_status).to be_nil
    end
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

  describe '#repositories_checksummed_in_percentage' do
    it 'returns 0 when no projects are available' do
      expect(subject.repositories_checksummed_in_percentage).to eq(0)
    end
  end

  describe '#package_files_checksummed_count' do
    before do
      stub_current_geo_node(primary)
    end

    it 'counts checksummed package files' do
      create(:package_file, verification_checksum: 'abc')
      create(:package_file, verification_checksum: nil)

      expect(subject.package_files_checksummed_count).to eq(1)
    end
  end

  describe '#package_files_checksum_failed_count' do
    before do
      stub_current_geo_node(primary)
    end

    it 'counts package files that failed to checksum' do
      create(:package_file, verification_failure: 'Could not calculate the checksum')
      create(:package_file, verification_failure: nil)

      expect(subject.package_files_checksum_failed_count).to eq(1)
    end
  end

  describe '#package_files_checksummed_in_percentage' do
    before do
      stub_current_geo_node(primary)
    end

    it 'returns 0 when no package files are available' do
      expect(subject.package_files_checksummed_in_percentage).to eq(0)
    end

    it 'returns the right percentage' do
      create(:package_file, verification_checksum: 'abc')
      create(:package_file, verification_checksum: nil)

      expect(subject.package_files_checksummed_in_percentage).to be_within(0.0001).of(50)
    end
  end

  describe '#ci_secure_files_checksummed_count' do
    before do
      stub_current_geo_node(primary)
    end

    it 'counts checksummed CI secure files' do
      create(:ci_secure_file, verification_checksum: 'abc')
      create(:ci_secure_file, verification_checksum: nil)

      expect(subject.ci_secure_files_checksummed_count).to eq(1)
    end
  end

  describe '#ci_secure_files_checksum_failed_count' do
    before do
      stub_current_geo_node(primary)
    end

    it 'counts CI secure files that failed to checksum' do
      create(:ci_secure_file, verification_failure: 'Could not calculate the checksum')
      create(:ci_secure_file, verification_failure: nil)

      expect(subject.ci_secure_files_checksum_failed_count).to eq(1)
    end
  end

  describe '#ci_secure_files_checksummed_in_percentage' do
    before do
      stub_current_geo_node(primary)
    end

    it 'returns 0 when no CI secure files are available' do
      expect(subject.ci_secure_files_checksummed_in_percentage).to eq(0)
    end

    it 'returns the right percentage' do
      create(:ci_secure_file, verification_checksum: 'abc')
      create(:ci_secure_file, verification_checksum: nil)

      expect(subject.ci_secure_files_checksummed_in_percentage).to be_within(0.0001).of(50)
    end
  end

  describe '#storage_shards_match?' do
    it 'returns false if the storage shards do not match' do
      subject.storage_shards = []

      expect(subject.storage_shards_match?).to be false
    end
  end
end
