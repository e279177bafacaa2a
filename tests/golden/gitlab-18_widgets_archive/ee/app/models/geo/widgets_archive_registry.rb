# frozen_string_literal: true

module Geo
  class WidgetsArchiveRegistry < Geo::BaseRegistry
    include ::Geo::ReplicableRegistry
    include ::Geo::VerifiableRegistry

    belongs_to :widgets_archive, class_name: 'Widgets::Archive'

    def self.model_class
      ::Widgets::Archive
    end

    def self.model_foreign_key
      :widgets_archive_id
    end
  end
end
