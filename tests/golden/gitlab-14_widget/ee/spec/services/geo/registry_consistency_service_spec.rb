# frozen_string_literal: true

require 'spec_helper'

RSpec.describe Geo::RegistryConsistencyService, :geo, :use_clean_rails_memory_store_caching do
  include EE::GeoHelpers

  let(:secondary) { create(:geo_node) }

  before do
    stub_current_geo_node(secondary)
    stub_registry_replication_config(enabled: true)
    stub_external_diffs_setting(enabled: true)
  end

  def model_class_factory_name(registry_class)
    default_factory_name = registry_class::MODEL_CLASS.underscore.tr('/', '_').to_sym

    {
      Geo::DesignRegistry => :project_with_design,
      Geo::MergeRequestDiffRegistry => :external_merge_request_diff,
      Geo::PackageFileRegistry => :package_file_with_file,
      Geo::SnippetRepositoryRegistry => :snippet_repository,
      Geo::UploadRegistry => :upload,
      Geo::WidgetRegistry => :widget
     }.fetch(registry_class, default_factory_name)
  end

  shared_examples 'registry consistency service' do |klass|
    let(:registry_class) { klass }
    let(:registry_class_factory) { registry_factory_name(registry_class) }
    let(:model_class) { registry_class::MODEL_CLASS }
    let(:model_class_factory) { model_class_factory_name(registry_class) }
    let(:model_foreign_key) { registry_class::MODEL_FOREIGN_KEY }
    let(:batch_size) { 2 }

    subject { described_class.new(registry_class, batch_size: batch_size) }

    describe '#execute' do
      it 'returns truthy when registries are created' do
        create(model_class_factory)

        expect(subject.execute).to be_truthy
      end
    end
  end

  ::Geo::Secondary::RegistryConsistencyWorker::REGISTRY_CLASSES.each do |klass|
    it_behaves_like 'registry consistency service', klass
  end
end
