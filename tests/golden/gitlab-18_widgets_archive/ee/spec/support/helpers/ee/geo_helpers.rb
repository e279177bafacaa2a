# frozen_string_literal: true

module EE
  module GeoHelpers
    def stub_current_geo_node(node)
      allow(::Gitlab::Geo).to receive(:current_node).and_return(node)
      allow(GeoNode).to receive(:current_node).and_return(node)

      # GeoNode.current? is true only for the node given here
      allow(GeoNode).to receive(:current?).and_return(false)
      allow(GeoNode).to receive(:current?).with(node).and_return(true)
    end

    def stub_primary_site
      allow(::Gitlab::Geo).to receive(:primary?).and_return(true)
      allow(::Gitlab::Geo).to receive(:secondary?).and_return(false)
    end
    alias_method :stub_primary_node, :stub_primary_site

    def stub_secondary_site
      allow(::Gitlab::Geo).to receive(:primary?).and_return(false)
      allow(::Gitlab::Geo).to receive(:secondary?).and_return(true)
    end
    alias_method :stub_secondary_node, :stub_secondary_site

    def factory_name(klass)
      klass_name = klass.name
      default_factory_name = klass_name.underscore.tr('/', '_').to_sym

      custom_mapping = {
        'Ci::JobArtifact' => :ee_ci_job_artifact,
        'MergeRequestDiff' => :external_merge_request_diff,
        'Packages::PackageFile' => :package_file,
        'Projects::WikiRepository' => :project_wiki_repository,
        'Packages::Nuget::Symbol' => :nuget_symbol,
        'Packages::Helm::MetadataCache' => :helm_metadata_cache,
        'Widgets::Archive' => :widget_archive
      }

      custom_mapping.fetch(klass_name, default_factory_name)
    end

    def model_class_factory_name(registry_class)
      factory_name(registry_class.model_class)
    end

    def registry_factory_name(registry_class)
      factory_name(registry_class)
    end

    def with_geo_database_configured(enabled:, &block)
      allow(::Gitlab::Geo).to receive(:geo_database_configured?).and_return(enabled)

      yield

      allow(::Gitlab::Geo).to receive(:geo_database_configured?).and_call_original
    end
  end
end
